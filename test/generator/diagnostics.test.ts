import { describe, expect, test } from "vitest";
import { DIAGNOSTIC_CATALOG, formatDiagnostic, hasErrors } from "../../generator/diagnostics.js";

describe("diagnostics", () => {
  test("every catalog entry has a title and a fix", () => {
    for (const [code, entry] of Object.entries(DIAGNOSTIC_CATALOG)) {
      expect(code).toMatch(/^EG_[A-Z0-9_]+$/);
      expect(entry.title.length).toBeGreaterThan(0);
      expect(entry.fix.length).toBeGreaterThan(0);
    }
  });

  test("format names the file and pointer, then the hint", () => {
    expect(
      formatDiagnostic({ code: "EG_SYNTAX", severity: "error", file: "a.json", line: 3, column: 7, message: "bad", hint: "fix it" }),
    ).toBe("error EG_SYNTAX a.json:3:7: bad\n  hint: fix it");
  });

  test("hasErrors only counts errors", () => {
    expect(hasErrors([{ code: "EG_FILE_EMPTY", severity: "warning", message: "x" }])).toBe(false);
    expect(hasErrors([{ code: "EG_FILE_EMPTY", severity: "error", message: "x" }])).toBe(true);
  });
});
