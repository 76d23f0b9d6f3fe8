import path from "node:path";

/**
 * The import specifier from module `from` to module `to` (both `/`-separated paths below the
 * output folder, without extension): relative and ending in `.js`, which resolves under both
 * `module: nodenext` and `moduleResolution: bundler`.
 * @example
 * relativeImport("billing/invoice", "party"); // "../party.js"
 */
export function relativeImport(from: string, to: string): string {
  const relative = path.posix.relative(path.posix.dirname(from), to);
  return `${relative.startsWith(".") ? relative : `./${relative}`}.js`;
}
