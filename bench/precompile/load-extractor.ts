/** One extractor loaded the way `generate` loads it (load + names + bundle), or an error listing why not. */
import { formatDiagnostic, hasErrors } from "../../generator/diagnostics.js";
import { type ExtractorSchema, type LoadOptions, loadProject } from "../../generator/load/index.js";

/** Load a project that holds exactly the one extractor wanted and return it. */
export async function loadOneExtractor(options: LoadOptions): Promise<ExtractorSchema> {
  const { project, diagnostics } = await loadProject(options);
  const extractor = project.extractors[0];
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (hasErrors(diagnostics) || extractor === undefined || project.extractors.length !== 1) {
    throw new Error(`cannot load one extractor from ${options.schemas}:\n${errors.map((d) => formatDiagnostic(d)).join("\n")}`);
  }
  return extractor;
}
