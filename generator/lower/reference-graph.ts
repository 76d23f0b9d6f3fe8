/** Cycles in a graph of `$ref`s between definitions (`#` for the root). */

/** A node on some cycle of the graph (the target of the first back edge found), or undefined. */
export function findCycleMember(graph: ReadonlyMap<string, ReadonlySet<string>>): string | undefined {
  const state = new Map<string, "open" | "done">();
  for (const start of graph.keys()) {
    if (state.has(start)) continue;
    // Iterative depth-first search: reference chains in real schemas are deep.
    const stack: [string, Iterator<string>][] = [[start, graph.get(start)!.values()]];
    state.set(start, "open");
    while (stack.length > 0) {
      const [node, edges] = stack[stack.length - 1]!;
      const next = edges.next();
      if (next.done) {
        state.set(node, "done");
        stack.pop();
        continue;
      }
      const to = next.value;
      const targets = graph.get(to);
      if (targets === undefined) continue;
      const seen = state.get(to);
      if (seen === "open") return to;
      if (seen === undefined) {
        state.set(to, "open");
        stack.push([to, targets.values()]);
      }
    }
  }
  return undefined;
}
