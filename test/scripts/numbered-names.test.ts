import { describe, expect, test } from "vitest";
import { madeUpNumberedNames, sourceSpellings, spellingKey } from "../../scripts/corpus/numbered-names.js";

interface MadeUpCase {
  /** Generated files by path relative to the output folder. */
  modules: Record<string, string>;
  /** Raw source spellings (definition keys, titles, file names). */
  spellings: string[];
  want: string[];
}

const INDEX = (...modules: string[]): string => modules.map((m) => `export * from "./${m}.js";`).join("\n");

const madeUpCases: [string, MadeUpCase][] = [
  ["a counter next to its base in one module counts", { modules: { "a.ts": "export interface Party {}\nexport interface Party1 {}" }, spellings: ["Party"], want: ["Party1"] }],
  ["a counter next to its base in another module the index re-exports counts", {
    modules: { "a.ts": "export interface Event {}", "b.ts": "export type Event2 = string;", "index.ts": INDEX("a", "b") },
    spellings: ["Event"],
    want: ["Event2"],
  }],
  ["a definition key that ends in a number does not count (apollo-router Event2)", {
    modules: { "a.ts": "export interface Event {}\nexport interface Event2 {}" },
    spellings: ["Event", "Event2"],
    want: [],
  }],
  ["a key spelled differently in the source matches once PascalCased (jscsrc keywords2)", {
    modules: { "a.ts": "export type Keywords = string[];\nexport type Keywords2 = string[];" },
    spellings: ["keywords", "keywords2"],
    want: [],
  }],
  ["a file name with separators matches letters and digits only (cryproj-54.json)", {
    modules: { "a.ts": "export interface Cryproj {}\nexport interface Cryproj54 {}" },
    spellings: ["cryproj-54"],
    want: [],
  }],
  ["a qualified name ending in a source spelling keeps its digits from the source", {
    modules: { "a.ts": "export interface ApolloEvent {}\nexport interface ApolloEvent2 {}" },
    spellings: ["Event2"],
    want: [],
  }],
  ["a source spelling that covers only the digits does not explain them", {
    modules: { "a.ts": "export interface Party {}\nexport interface Party2 {}" },
    spellings: ["2", "y2"],
    want: ["Party2"],
  }],
  ["a base exported only by a module the index does not re-export does not count", {
    modules: { "a.ts": "export interface C {}", "b.ts": "export interface C1632 {}", "index.ts": INDEX("b") },
    spellings: [],
    want: [],
  }],
  ["a numbered name without its base does not count", { modules: { "a.ts": "export interface Item3 {}" }, spellings: [], want: [] }],
  ["non-ASCII identifiers are read whole", {
    modules: { "a.ts": "export interface Heloísa {}\nexport interface Heloísa2 {}" },
    spellings: ["Heloísa"],
    want: ["Heloísa2"],
  }],
  ["only exported type declarations are names", {
    modules: { "a.ts": "export interface Party {}\nexport const Party1 = 1;\ninterface Party2 {}" },
    spellings: [],
    want: [],
  }],
];

describe("madeUpNumberedNames", () => {
  for (const [name, { modules, spellings, want }] of madeUpCases) {
    test(name, () => {
      const keys = new Set(spellings.map(spellingKey).filter((k): k is string => k !== undefined));
      expect(madeUpNumberedNames(new Map(Object.entries(modules)), keys)).toEqual(want);
    });
  }
});

const spellingCases: [string, { file: string; root: unknown; want: string[] }][] = [
  ["file name without .schema.json", { file: "schemas/cryproj-54.schema.json", root: {}, want: ["Cryproj54"] }],
  ["titles, definition keys at any depth and x-extractor.name", {
    file: "a.json",
    root: { title: "my config", "x-extractor": { name: "Conf" }, $defs: { event2: { definitions: { "sub-graph2": {} } } }, properties: { p: { title: "Inner" } } },
    want: ["A", "MyConfig", "Conf", "Event2", "SubGraph2", "Inner"],
  }],
  ["property names are not spellings", { file: "a.json", root: { properties: { keywords2: {} } }, want: ["A"] }],
];

describe("sourceSpellings", () => {
  for (const [name, { file, root, want }] of spellingCases) test(name, () => expect(sourceSpellings(file, root).sort()).toEqual(want.sort()));
});
