import { describe, expect, it } from "vitest";
import { cyclicComponents } from "../../generator/cyclic-components.js";

const cases: { name: string; given: [string, string[]][]; want: string[][] }[] = [
  { name: "no edges", given: [["A", []]], want: [] },
  { name: "a chain is no cycle", given: [["A", ["B"]], ["B", ["C"]], ["C", []]], want: [] },
  { name: "a self-reference", given: [["A", ["A"]]], want: [["A"]] },
  { name: "two nodes referring to each other", given: [["A", ["B"]], ["B", ["A"]]], want: [["A", "B"]] },
  { name: "a node pointing into a cycle is not part of it", given: [["D", ["A"]], ["A", ["B"]], ["B", ["A"]]], want: [["A", "B"]] },
  { name: "two separate cycles", given: [["A", ["B"]], ["B", ["A"]], ["C", ["D"]], ["D", ["E"]], ["E", ["C"]]], want: [["A", "B"], ["C", "D", "E"]] },
  { name: "edges to unknown names lead nowhere", given: [["A", ["X", "A"]]], want: [["A"]] },
];

describe("cyclicComponents", () => {
  it.each(cases)("$name", ({ given, want }) => {
    const components = cyclicComponents(new Map(given)).map((c) => [...c].sort());
    expect(components.sort((a, b) => (a[0]! < b[0]! ? -1 : 1))).toEqual(want);
  });

  it("walks a 100,000-long reference chain that closes into a cycle without overflowing the stack", () => {
    const edges = new Map<string, string[]>();
    for (let i = 0; i < 100_000; i++) edges.set(`n${i}`, [`n${(i + 1) % 100_000}`]);
    expect(cyclicComponents(edges)[0]).toHaveLength(100_000);
  });
});
