import { describe, expect, test } from "vitest";
import { loadExtractorSettings } from "../../../generator/load/extractor-settings.js";

type Case = [name: string, { given: Record<string, unknown>; want: { settings: object; version: number; problems?: [severity: string, pointer: string, hint: string | RegExp][] } }];

const cases: Case[] = [
  ["no x-extractor: instructions from the description", { given: { description: "Pull the invoice." }, want: { settings: { instructions: "Pull the invoice." }, version: 1 } }],
  [
    "every known key",
    {
      given: { description: "d", "x-extractor": { name: "Invoice", instructions: "i", model: "gpt-x", provider: "gemini", temperature: 0, version: 3 } },
      want: { settings: { name: "Invoice", instructions: "i", model: "gpt-x", provider: "gemini", temperature: 0, version: 3 }, version: 3 },
    },
  ],
  ["version from $id", { given: { $id: "https://acme.dev/schemas/invoice/v4" }, want: { settings: {}, version: 4 } }],
  ["x-extractor.version beats $id", { given: { $id: "https://acme.dev/invoice/v4", "x-extractor": { version: 5 } }, want: { settings: { version: 5 }, version: 5 } }],
  ["unknown key: warning with a suggestion", { given: { "x-extractor": { modle: "x" } }, want: { settings: {}, version: 1, problems: [["warning", "/x-extractor/modle", 'did you mean "model"?']] } }],
  ["version as a string: error, hint to drop the quotes", { given: { "x-extractor": { version: "2" } }, want: { settings: {}, version: 1, problems: [["error", "/x-extractor/version", "write the number without quotes: 2"]] } }],
  ["version 0", { given: { "x-extractor": { version: 0 } }, want: { settings: {}, version: 1, problems: [["error", "/x-extractor/version", /integer >= 1/]] } }],
  ["misspelt provider", { given: { "x-extractor": { provider: "antropic" } }, want: { settings: {}, version: 1, problems: [["error", "/x-extractor/provider", 'did you mean "anthropic"?']] } }],
  ["temperature out of range", { given: { "x-extractor": { temperature: 7 } }, want: { settings: {}, version: 1, problems: [["error", "/x-extractor/temperature", /temperature/]] } }],
  ["x-extractor that is not an object", { given: { "x-extractor": "Invoice" }, want: { settings: {}, version: 1, problems: [["error", "/x-extractor", /"name": "Invoice"/]] } }],
];

describe("x-extractor settings", () => {
  for (const [name, { given, want }] of cases) {
    test(name, () => {
      const loaded = loadExtractorSettings(given, "a.json");
      expect(loaded.settings).toEqual(want.settings);
      expect(loaded.version).toBe(want.version);
      expect(loaded.diagnostics.map((d) => [d.severity, d.pointer])).toEqual((want.problems ?? []).map(([severity, pointer]) => [severity, pointer]));
      loaded.diagnostics.forEach((d, i) => expect(d.hint).toMatch(want.problems![i]![2]));
      for (const d of loaded.diagnostics) expect(d.code).toBe("EG_EXTRACTOR_SETTINGS");
    });
  }
});
