/**
 * Extractor specs built from a schema the way `extractgen run` builds them (load, names, lower,
 * Ajv validator of the original schema), so the hardening tests see real restore plans.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadRuntimeSpec } from "../../../generator/cli/run-spec.js";
import type { ExtractorSpec } from "../../../runtime/index.js";

/** The spec of one schema (written to a temp folder as `<name>.schema.json`). */
export async function specFromSchema(name: string, schema: object): Promise<ExtractorSpec<unknown>> {
  const root = mkdtempSync(join(tmpdir(), "extractgen-harden-spec-"));
  try {
    writeFileSync(join(root, `${name}.schema.json`), JSON.stringify(schema));
    const { spec, diagnostics } = await loadRuntimeSpec({ root, schemas: ".", name });
    if (!spec) throw new Error(`no spec for ${name}: ${JSON.stringify(diagnostics)}`);
    return spec;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
