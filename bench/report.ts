/** Numbers to markdown: medians, ratios and tables, the same way in every benchmark. */

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** A number with about three significant digits: `1234`, `12.3`, `1.23`, `0.123`. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString("en-US");
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}

/** A ratio such as `1.12x` or `37x`. */
export function ratio(value: number): string {
  if (!Number.isFinite(value)) return "–";
  return `${value >= 100 ? Math.round(value) : value >= 10 ? value.toFixed(1) : value.toFixed(2)}x`;
}

/** A markdown table; cells are already formatted. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** A target line: `- met: <name> (<detail>)` or `- MISSED: ...`. */
export function target(name: string, met: boolean, detail: string): string {
  return `- ${met ? "met" : "MISSED"}: ${name} (${detail})`;
}

/** CPU time (user + system) of this process since `start`, in microseconds. */
export function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return used.user + used.system;
}
