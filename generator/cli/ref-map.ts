/**
 * `--ref-map <url-prefix>=<dir>` as shared by the commands that load schemas. Its own file so a
 * command can parse it without loading the pipeline (see main.ts).
 */

/** `prefix=dir` pairs as a map; throws a usage error naming the bad entry. */
export function parseRefMap(entries: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf("=");
    if (at <= 0 || at === entry.length - 1) throw new Error(`--ref-map ${JSON.stringify(entry)}: expected <url-prefix>=<dir>, e.g. https://acme.dev/schemas/=schemas/shared`);
    out[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return out;
}
