import { describe, expect, test } from "vitest";
import { nameModule } from "../../../generator/names/module-name.js";

const cases: [given: string, want: string, warns: boolean][] = [
  ["invoice.schema.json", "invoice", false],
  ["invoice.json", "invoice", false],
  ["billing/invoice.yaml", "billing/invoice", false],
  ["billing/invoice.schema.yml", "billing/invoice", false],
  ["abc-1.2.0.json", "abc-1-2-0", false],
  ["types.d.json", "types-d", false],
  ["../../etc/passwd.json", "etc/passwd", true],
  ["/abs/path.json", "abs/path", true],
  ["C:\\schemas\\x.json", "C/schemas/x", true],
  ["a\u0000b.json", "a-b", true],
  ["con.json", "con_", true],
  ["sub/LPT1.json", "sub/LPT1_", true],
  ["index.json", "index_", true],
  ["docs/index.json", "docs/index", false],
  ["my schema (v2).json", "my-schema-v2", true],
  ["überweisung.json", "überweisung", false],
  [".hidden.json", "hidden", true],
  ["???.json", "schema", true],
];

describe("module names are safe paths below the output folder", () => {
  for (const [given, want, warns] of cases) {
    test(`${JSON.stringify(given)} -> ${want}`, () => {
      const { module, diagnostics } = nameModule(given, `schemas/${given}`);
      expect(module).toBe(want);
      expect(diagnostics.map((d) => d.code)).toEqual(warns ? ["EG_MODULE_NAME"] : []);
      expect(module.split("/")).not.toContain("..");
    });
  }
});
