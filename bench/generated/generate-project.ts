/**
 * Generated extractor modules for the benchmarks, made the way users make them: schema files in a
 * project folder, `generate()` (what `extractgen generate` runs), then the emitted TypeScript
 * compiled to JavaScript (types stripped with TypeScript's `transpileModule`, as a build step
 * would; the code that runs is the generated code). The project lives under .tmp/bench/ inside the
 * package, so the modules' `import ... from "extractgen/runtime"` resolves to this package's
 * dist/runtime, as in a user's project.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import ts from "typescript";
import { formatDiagnostic } from "../../generator/diagnostics.js";
import { generate } from "../../generator/generate.js";

export interface GeneratedProject {
  /** Absolute path of the compiled module `name` (`invoice` -> .../extractors/invoice.js). */
  modulePath(name: string): string;
}

/** Where generated projects go: inside the package, ignored by git. */
const PROJECTS_DIR = ".tmp/bench";

/**
 * Generate a project named `name` from `schemaFiles` (copied into its schemas/ folder) and compile
 * its output. Throws with the diagnostics when a schema fails.
 */
export async function generateProject(name: string, schemaFiles: readonly string[], refMap?: Record<string, string>): Promise<GeneratedProject> {
  const dir = resolve(PROJECTS_DIR, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "schemas"), { recursive: true });
  for (const file of schemaFiles) copyFileSync(file, join(dir, "schemas", basename(file)));
  const result = await generate({ cwd: dir, schemas: "schemas", out: "extractors", ...(refMap !== undefined && { refMap }) });
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`generate failed for ${schemaFiles.join(", ")}:\n${errors.map((d) => formatDiagnostic(d)).join("\n")}`);
  const out = join(dir, "extractors");
  for (const file of readdirSync(out).filter((f) => f.endsWith(".ts"))) {
    const { outputText } = ts.transpileModule(readFileSync(join(out, file), "utf8"), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    writeFileSync(join(out, file.replace(/\.ts$/, ".js")), outputText);
  }
  return { modulePath: (module) => join(out, `${module}.js`) };
}

