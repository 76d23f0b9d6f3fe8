/**
 * The shapes of the emitted files live in `templates/` as ordinary TypeScript (easy to read, to
 * change and to type-check). This file reads them with ts-morph once per run and hands emit the
 * statements to copy, JSDoc included, with their placeholder names still in them.
 */
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Placeholder names used in templates/extractor-module.ts. */
export const MODULE_PLACEHOLDERS = {
  type: "Template",
  spec: "templateSpec",
  extract: "extractTemplate",
  stream: "streamTemplate",
  validate: "validateTemplate",
  specFields: "...TEMPLATE_SPEC_FIELDS,",
} as const;

/** Placeholder names used in templates/index-barrel.ts. */
export const INDEX_PLACEHOLDERS = {
  modulePath: "./template-module.js",
  type: "Template",
  typeVersioned: "TemplateVN",
  extract: "extractTemplate",
  extractVersioned: "extractTemplateVN",
  stream: "streamTemplate",
  streamVersioned: "streamTemplateVN",
  spec: "templateSpec",
  specVersioned: "templateVNSpec",
} as const;

export interface Templates {
  module: {
    /** `import * as runtime from "extractgen/runtime";` */
    runtimeImport: string;
    /** The namespace the runtime is imported as (`runtime`). */
    runtimeNamespace: string;
    /** The exported statements (spec, extract, stream), JSDoc included, in template order. */
    statements: string[];
  };
  index: {
    reexportModule: string;
    newestValues: string;
    newestType: string;
  };
}

/** Read and parse the templates (ts-morph is loaded here, and only when something is emitted). */
export async function loadTemplates(): Promise<Templates> {
  const { Project, SyntaxKind } = await import("ts-morph");
  const folder = templatesFolder();
  const project = new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true });
  const moduleFile = project.createSourceFile("extractor-module.ts", await readFile(path.join(folder, "extractor-module.ts"), "utf8"));
  const indexFile = project.createSourceFile("index-barrel.ts", await readFile(path.join(folder, "index-barrel.ts"), "utf8"));

  const runtimeImport = moduleFile.getImportDeclarations().find((d) => d.getModuleSpecifierValue() === "extractgen/runtime");
  const runtimeNamespace = runtimeImport?.getNamespaceImport()?.getText();
  if (!runtimeImport || !runtimeNamespace) throw new Error("templates/extractor-module.ts must import * as <name> from \"extractgen/runtime\"");
  const statements = moduleFile
    .getStatementsWithComments()
    .filter((s) => s.getKind() !== SyntaxKind.ImportDeclaration && s.getKind() !== SyntaxKind.SingleLineCommentTrivia)
    .filter((s) => !s.getFullText().includes("@template-only"))
    .map((s) => s.getText(/* includeJsDocComments */ true));

  const [reexportModule, newestValues, newestType] = indexFile.getStatements().map((s) => s.getText(true));
  if (!reexportModule || !newestValues || !newestType) throw new Error("templates/index-barrel.ts must hold three export statements");
  return {
    module: { runtimeImport: runtimeImport.getText(), runtimeNamespace, statements },
    index: { reexportModule, newestValues, newestType },
  };
}

/** templates/ sits at the package root: two levels above this file in source, three in dist/. */
function templatesFolder(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, "templates");
    if (existsSync(path.join(candidate, "extractor-module.ts"))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error("cannot find templates/extractor-module.ts in the extractgen package");
}

/** Replace whole-word placeholders (identifiers, never parts of other words). */
export function fillPlaceholders(text: string, values: ReadonlyArray<readonly [placeholder: string, value: string]>): string {
  let out = text;
  for (const [placeholder, value] of values) {
    const escaped = placeholder.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const pattern = /^\w/.test(placeholder) ? new RegExp(`\\b${escaped}\\b`, "g") : new RegExp(escaped, "g");
    out = out.replace(pattern, () => value);
  }
  return out;
}
