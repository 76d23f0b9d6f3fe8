import { describe, expect, test } from "vitest";
import { findJsonSyntaxError, lineColumnAt } from "../../../generator/load/json-syntax.js";
import { MAX_SCHEMA_DEPTH, loadSchemaText } from "../../../generator/load/parse-document.js";

type Case = [name: string, { given: string; file?: string; want: { line: number; column: number; message: string } }];

const syntaxErrors: Case[] = [
  ["missing comma between properties", { given: '{\n  "a": 1\n  "b": 2\n}', want: { line: 3, column: 3, message: "unexpected '\"', expected ',' or '}'" } }],
  ["trailing comma in an object", { given: '{\n  "a": 1,\n}', want: { line: 3, column: 1, message: "unexpected '}' after ','" } }],
  ["trailing comma in an array", { given: '{"a": [1, 2,]}', want: { line: 1, column: 13, message: "unexpected ']' after ','" } }],
  ["single-quoted name", { given: "{'a': 1}", want: { line: 1, column: 2, message: "unexpected single quote, expected a property name" } }],
  ["unquoted value", { given: '{"type": string}', want: { line: 1, column: 10, message: "unexpected 's', expected a value" } }],
  ["comment", { given: '{\n  // note\n  "a": 1\n}', want: { line: 2, column: 3, message: "unexpected '/', expected a property name" } }],
  ["unterminated string", { given: '{"a": "abc}', want: { line: 1, column: 7, message: "unterminated string" } }],
  ["raw newline inside a string", { given: '{"a": "x\ny"}', want: { line: 1, column: 9, message: "control character inside a string" } }],
  ["bad escape", { given: '{"a": "\\d"}', want: { line: 1, column: 8, message: "invalid escape '\\d'" } }],
  ["premature end", { given: '{"a": [1, 2', want: { line: 1, column: 12, message: "unexpected end of input" } }],
  ["two values", { given: "{}\n{}", want: { line: 2, column: 1, message: "unexpected '{', expected the end of the file" } }],
  ["CRLF line endings count lines", { given: '{\r\n"a": 1\r\n"b": 2}', want: { line: 3, column: 1, message: "unexpected '\"', expected ',' or '}'" } }],
  ["YAML: bad indentation", { file: "a.yaml", given: "type: object\nproperties:\n  a:\n    type: string\n   b: 1\n", want: { line: 5, column: 1, message: "All mapping items must start at the same column" } }],
  ["YAML: duplicate key", { file: "a.yml", given: "type: object\ntype: string\n", want: { line: 2, column: 1, message: "Map keys must be unique" } }],
];

describe("syntax errors carry line and column", () => {
  for (const [name, { given, file, want }] of syntaxErrors) {
    test(name, () => {
      const result = loadSchemaText(file ?? "a.json", given);
      expect(result.ok).toBe(false);
      const [d] = result.ok ? [] : result.diagnostics;
      expect({ code: d?.code, line: d?.line, column: d?.column, message: d?.message }).toEqual({ code: "EG_SYNTAX", ...want });
      expect(d?.hint).toBeTruthy();
    });
  }
});

test("the scanner accepts everything JSON.parse accepts", () => {
  for (const text of ['{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"], "b": {}}', " [ ] ", '"s"', "0"]) {
    expect(findJsonSyntaxError(text)).toBeUndefined();
  }
});

test("line and column are one-based", () => {
  expect(lineColumnAt("ab\ncd", 0)).toEqual({ line: 1, column: 1 });
  expect(lineColumnAt("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
});

const empties: [string, string][] = [
  ["empty file", ""],
  ["whitespace only", "  \n\t\n"],
  ["byte order mark only", "\ufeff"],
];

describe("an empty file is EG_FILE_EMPTY", () => {
  for (const [name, given] of empties) {
    test(name, () => {
      const result = loadSchemaText("a.json", given);
      expect(result.ok ? [] : result.diagnostics.map((d) => d.code)).toEqual(["EG_FILE_EMPTY"]);
    });
  }
});

test("YAML and JSON with a byte order mark parse to the same value", () => {
  const yaml = loadSchemaText("a.yaml", "type: object\nproperties:\n  n: { type: integer }\n");
  const json = loadSchemaText("a.json", '\ufeff{"type": "object", "properties": {"n": {"type": "integer"}}}');
  expect(yaml).toEqual(json);
  expect(json).toEqual({ ok: true, value: { type: "object", properties: { n: { type: "integer" } } } });
});

test("YAML anchors and merge keys are expanded", () => {
  const yaml = "$defs:\n  base: &base\n    type: object\n    additionalProperties: false\nproperties:\n  a:\n    <<: *base\n    required: [x]\n";
  expect(loadSchemaText("a.yaml", yaml)).toEqual({
    ok: true,
    value: { $defs: { base: { type: "object", additionalProperties: false } }, properties: { a: { type: "object", additionalProperties: false, required: ["x"] } } },
  });
});

describe("hostile input is bounded", () => {
  test("10,000 levels of nesting give EG_SCHEMA_TOO_DEEP, not a stack overflow", () => {
    const deep = '{"a":'.repeat(10_000) + "1" + "}".repeat(10_000);
    const result = loadSchemaText("deep.json", deep);
    expect(result.ok ? [] : result.diagnostics.map((d) => [d.code, d.pointer?.split("/").length])).toEqual([["EG_SCHEMA_TOO_DEEP", MAX_SCHEMA_DEPTH + 1]]);
  });

  test("10,000 levels of YAML nesting too", () => {
    const deep = "[".repeat(10_000) + "]".repeat(10_000);
    const result = loadSchemaText("deep.yaml", deep);
    expect(result.ok ? [] : result.diagnostics.map((d) => d.code)).toEqual(["EG_SCHEMA_TOO_DEEP"]);
  });

  test("an unclosed 10,000-level JSON text is located without recursion", () => {
    const result = loadSchemaText("deep.json", "[".repeat(10_000));
    expect(result.ok ? [] : result.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["EG_SYNTAX", 1, 10_001]]);
  });

  test("YAML alias expansion is capped", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${"bcdefghi"[i]}: &${"bcdefghi"[i]} [${Array(10).fill(`*${"abcdefgh"[i]}`).join(", ")}]`)].join("\n");
    const result = loadSchemaText("bomb.yaml", bomb);
    expect(result.ok ? [] : result.diagnostics.map((d) => d.code)).toEqual(["EG_SYNTAX"]);
  });

  test("a 50 MB file loads (linear work)", { timeout: 120_000 }, () => {
    const entry = JSON.stringify("x".repeat(1000));
    const big = `{"type": "string", "enum": [${Array.from({ length: 50_000 }, () => entry).join(",")}]}`;
    expect(big.length).toBeGreaterThan(50_000_000);
    const result = loadSchemaText("big.json", big);
    expect(result.ok).toBe(true);
  });
});
