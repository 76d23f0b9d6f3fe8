import { describe, expect, test } from "vitest";
import { type JsonPosition, PartialJsonError, PartialJsonParser } from "../../runtime/partial-json.js";

/** Feed `chunks` one by one; returns a copy of the value after each chunk, and the parser. */
function feed(chunks: readonly string[], root?: JsonPosition): { snapshots: unknown[]; parser: PartialJsonParser } {
  const parser = new PartialJsonParser(root ? { root } : {});
  const snapshots: unknown[] = [];
  for (const chunk of chunks) {
    parser.write(chunk);
    snapshots.push(structuredClone(parser.value));
  }
  return { snapshots, parser };
}

/** Parse `text` whole and return the final value. */
function parseAll(text: string, root?: JsonPosition): unknown {
  const { parser } = feed([text], root);
  parser.end();
  return parser.value;
}

/** `text` split into single characters. */
const chars = (text: string): string[] => [...text];

/** A position table: `atomic`, `nullHidden`, `hidden` flags and children by key ("*" = any key or item). */
interface PositionTable {
  atomic?: boolean;
  nullHidden?: boolean;
  hidden?: boolean;
  children?: Record<string, PositionTable>;
}
function position(table: PositionTable): JsonPosition {
  const child = (key: string): JsonPosition | undefined => {
    const t = table.children?.[key] ?? table.children?.["*"];
    return t ? position(t) : undefined;
  };
  return {
    atomic: table.atomic ?? false,
    nullHidden: table.nullHidden ?? false,
    hidden: table.hidden ?? false,
    property: child,
    item: (index) => child(String(index)),
  };
}

describe("partial JSON: final values", () => {
  const cases: [string, { given: string; want: unknown }][] = [
    ["object with every kind of value", { given: '{"s":"x","n":-1.5e3,"t":true,"f":false,"z":null,"a":[1,[2]],"o":{}}', want: { s: "x", n: -1500, t: true, f: false, z: null, a: [1, [2]], o: {} } }],
    ["whitespace everywhere", { given: ' \n\t{ "a" : [ 1 , 2 ] ,\r\n "b" : { } } \n', want: { a: [1, 2], b: {} } }],
    ["root string", { given: '"hi"', want: "hi" }],
    ["root number completes at the end of the text", { given: "42", want: 42 }],
    ["root literal", { given: "null", want: null }],
    ["escapes", { given: String.raw`"a\"b\\c\/d\b\f\n\r\t\u00e9\u20AC"`, want: 'a"b\\c/d\b\f\n\r\té€' }],
    ["escaped surrogate pair", { given: String.raw`"\ud83d\ude00"`, want: "😀" }],
    ["raw non-ASCII", { given: '{"k":"ünïcødé 😀"}', want: { k: "ünïcødé 😀" } }],
    ["leading ```json fence and closing fence", { given: '```json\n{"a":1}\n```\n', want: { a: 1 } }],
    ["prose before and after", { given: 'Here is the result:\n{"a":[1]}\nHope that helps!', want: { a: [1] } }],
    ["prose then a fence", { given: "Sure.\n```json\n[1,2]\n```", want: [1, 2] }],
    ["fence before a scalar root", { given: '```\n"x"\n```', want: "x" }],
    ["a leading word is prose, not a bad literal", { given: 'note: {"a":1}', want: { a: 1 } }],
    ["duplicate keys: the last wins, like JSON.parse", { given: '{"a":1,"a":2}', want: { a: 2 } }],
    ["numbers", { given: "[0,-0,1.25,1e2,1E-2,-12.5e+3,123456789012]", want: [0, -0, 1.25, 100, 0.01, -12500, 123456789012] }],
  ];
  for (const [name, { given, want }] of cases) {
    test(name, () => {
      expect(parseAll(given)).toEqual(want);
      const { parser } = feed(chars(given));
      parser.end();
      expect(parser.value).toEqual(want);
    });
  }

  test("repeated and escaped property names, split at every position", () => {
    const text = String.raw`[{"name":1,"na\"me":2,"n\u00e4me":3},{"name":4,"na\"me":5,"n\u00e4me":6},{"nam":7,"namf":8}]`;
    const want: unknown = JSON.parse(text);
    for (let cut = 0; cut <= text.length; cut++) {
      for (let second = cut; second <= text.length; second += 7) {
        const { parser } = feed([text.slice(0, cut), text.slice(cut, second), text.slice(second)]);
        parser.end();
        expect(parser.value, `cuts at ${cut}, ${second}`).toStrictEqual(want);
      }
    }
  });

  test("numbers equal JSON.parse's bit for bit, on both sides of the fast path, split anywhere", () => {
    const numbers = ["0.1", "0.3", "123456789012345", "1234567890123456", "9007199254740993", "1e22", "1e23", "1.5e-22", "1.5e-23", "-0.0", "1E+2", "2.2250738585072014e-308", "5e-324", "1.7976931348623157e308", "1e400", "0.000001234567890123456789"];
    const text = `[${numbers.join(",")}]`;
    const want = JSON.parse(text) as number[];
    for (let cut = 0; cut <= text.length; cut++) {
      const { parser } = feed([text.slice(0, cut), text.slice(cut)]);
      parser.end();
      (parser.value as number[]).forEach((got, k) => expect(Object.is(got, want[k]), `${numbers[k]} cut at ${cut}`).toBe(true));
    }
  });

  test("__proto__ becomes an own data property, never the prototype", () => {
    const text = '{"__proto__":{"polluted":true},"a":{"__proto__":"s"}}';
    for (const chunks of [[text], chars(text)]) {
      const { parser } = feed(chunks);
      parser.end();
      const value = parser.value as Record<string, unknown>;
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.getOwnPropertyNames(value)).toEqual(["__proto__", "a"]);
      expect(value).toStrictEqual(JSON.parse(text));
      expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    }
  });

  test("200,000 levels of nesting do not overflow the stack", () => {
    const depth = 200_000;
    const text = '{"a":'.repeat(depth) + "[" .repeat(depth) + "1" + "]".repeat(depth) + "}".repeat(depth);
    const parser = new PartialJsonParser();
    for (let i = 0; i < text.length; i += 4096) parser.write(text.slice(i, i + 4096));
    parser.end();
    let node: unknown = parser.value;
    let levels = 0;
    while (typeof node === "object" && node !== null) {
      node = Array.isArray(node) ? node[0] : (node as { a: unknown }).a;
      levels++;
    }
    expect(levels).toBe(2 * depth);
    expect(node).toBe(1);
  });
});

describe("partial JSON: snapshots", () => {
  test("containers appear when they open, strings grow, numbers and literals appear only when complete", () => {
    const { snapshots } = feed(['{"name":"Al', 'ice","age":3', "1,", '"ok":tr', "ue,", '"tags":[', '"a', '"]', "}"]);
    expect(snapshots).toEqual([
      { name: "Al" },
      { name: "Alice" },
      { name: "Alice", age: 31 },
      { name: "Alice", age: 31 },
      { name: "Alice", age: 31, ok: true },
      { name: "Alice", age: 31, ok: true, tags: [] },
      { name: "Alice", age: 31, ok: true, tags: ["a"] },
      { name: "Alice", age: 31, ok: true, tags: ["a"] },
      { name: "Alice", age: 31, ok: true, tags: ["a"] },
    ]);
  });

  test("a key appears only once complete and its value has begun", () => {
    const { snapshots } = feed(['{"na', 'me"', ":", " ", '"', "x"]);
    expect(snapshots).toEqual([{}, {}, {}, {}, { name: "" }, { name: "x" }]);
  });

  test("an escaped surrogate pair split across chunks never shows half a character", () => {
    const text = String.raw`{"e":"a\ud83d\ude00b"}`;
    for (let cut = 1; cut < text.length; cut++) {
      const { snapshots } = feed([text.slice(0, cut), text.slice(cut)]);
      const first = (snapshots[0] as { e?: string }).e ?? "";
      expect(first === "" || "a😀b".startsWith(first), `cut at ${cut}: ${JSON.stringify(first)}`).toBe(true);
      expect(snapshots[1]).toEqual({ e: "a😀b" });
    }
  });

  test("a raw surrogate pair split across chunks never shows half a character", () => {
    const { snapshots } = feed(['{"e":"a\ud83d', '\ude00"}']);
    expect(snapshots).toEqual([{ e: "a" }, { e: "a😀" }]);
  });

  test("the value is built in place: the same root object grows", () => {
    const parser = new PartialJsonParser();
    parser.write('{"a":[');
    const first = parser.value;
    parser.write("1,2]}");
    expect(parser.value).toBe(first);
    expect(first).toEqual({ a: [1, 2] });
  });

  test("changes counts visible changes only", () => {
    const parser = new PartialJsonParser();
    parser.write('{"a":');
    const before = parser.changes;
    parser.write("  ");
    expect(parser.changes).toBe(before);
    parser.write("1");
    expect(parser.changes).toBe(before);
    parser.write("}");
    expect(parser.changes).toBe(before + 1);
  });

  test("a string grown by many writes shows all of them at the next read, as one change", () => {
    const parser = new PartialJsonParser();
    parser.write('{"a":"');
    const before = parser.changes;
    for (const piece of ["x", "y", "z"]) parser.write(piece);
    expect(parser.changes).toBe(before + 1);
    expect(parser.value).toEqual({ a: "xyz" });
    expect(parser.changes).toBe(before + 1);
  });

  test("parsers one after the other read the same property names alike", () => {
    // The property-name cache is shared by every parser: a second reply with the same names (and
    // one with a name that collides only in length) must read exactly what it says.
    const text = '{"invoiceNumberLong":"1","lines":[{"sku":"a"},{"sku":"b"}],"skx":2}';
    expect(parseAll(text)).toEqual(JSON.parse(text));
    const chunks = text.match(/.{1,3}/g) ?? [];
    const parser = new PartialJsonParser();
    for (const chunk of chunks) parser.write(chunk);
    parser.end();
    expect(parser.value).toEqual(JSON.parse(text));
  });
});

describe("partial JSON: schema positions", () => {
  const root = position({
    children: {
      status: { atomic: true },
      note: { nullHidden: true },
      extra: { hidden: true },
      items: { children: { "*": { children: { kind: { atomic: true } } } } },
    },
  });

  test("enum/const strings appear only once complete", () => {
    const { snapshots } = feed(['{"status":"pen', 'ding","items":[{"kind":"a', 'b"}]}'], root);
    expect(snapshots).toEqual([{}, { status: "pending", items: [{}] }, { status: "pending", items: [{ kind: "ab" }] }]);
  });

  test("a null in a nullHidden slot is not shown; other values are", () => {
    expect(parseAll('{"note":null}', root)).toEqual({});
    expect(parseAll('{"note":"n"}', root)).toEqual({ note: "n" });
  });

  test("a container at a whole position appears once complete, converted", () => {
    const count = { ...position({}), whole: (c: unknown) => ({ items: (c as unknown[]).length }) };
    const root: JsonPosition = { ...position({}), property: (key) => (key === "n" ? count : undefined) };
    const { snapshots } = feed(['{"n":[1,', "2]", ',"m":[3]}'], root);
    expect(snapshots).toEqual([{}, { n: { items: 2 } }, { n: { items: 2 }, m: [3] }]);
  });

  test("a hidden slot is parsed but never shown", () => {
    const { snapshots, parser } = feed(['{"extra":{"deep":["x', '"]},"status":"ok"}'], root);
    parser.end();
    expect(snapshots).toEqual([{}, { status: "ok" }]);
  });
});

describe("partial JSON: errors", () => {
  const cases: [string, { given: string; reason: RegExp; offset: number; byteOffset?: number }][] = [
    ["missing comma", { given: '{"a":1 "b":2}', reason: /expected ',' or '}'/, offset: 7 }],
    ["trailing comma in an object", { given: '{"a":1,}', reason: /expected a property name after ','/, offset: 7 }],
    ["unquoted key", { given: "{a:1}", reason: /expected a property name or '}'/, offset: 1 }],
    ["missing colon", { given: '{"a" 1}', reason: /expected ':'/, offset: 5 }],
    ["bad literal inside a container", { given: "[tru]", reason: /expected 'true'/, offset: 4 }],
    ["bad escape", { given: '"a\\x"', reason: /invalid escape/, offset: 3 }],
    ["bad unicode escape", { given: '"\\u12g4"', reason: /4 hex digits/, offset: 5 }],
    ["raw newline in a string", { given: '"a\nb"', reason: /control character/, offset: 2 }],
    ["incomplete number", { given: "[1.]", reason: /incomplete number/, offset: 3 }],
    ["leading zero", { given: "[01]", reason: /expected ',' or ']'/, offset: 2 }],
    ["byte offset counts UTF-8 bytes", { given: '{"é😀":1,]', reason: /expected a property name/, offset: 9, byteOffset: 12 }],
  ];
  for (const [name, { given, reason, offset, byteOffset }] of cases) {
    test(name, () => {
      for (const chunks of [[given], chars(given)]) {
        let error: unknown;
        try {
          feed(chunks).parser.end();
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(PartialJsonError);
        const e = error as PartialJsonError;
        expect(e.reason).toMatch(reason);
        expect(e.offset).toBe(offset);
        expect(e.byteOffset).toBe(byteOffset ?? offset);
        expect(e.message).toContain(`at byte ${byteOffset ?? offset}`);
      }
    });
  }

  test("text that ends inside the value, or holds none, fails at end()", () => {
    expect(() => parseAll('{"a":')).toThrow(/unexpected end of text/);
    expect(() => parseAll("no json here")).toThrow(/no JSON value/);
  });

  test("after an error every call throws the same error", () => {
    const parser = new PartialJsonParser();
    expect(() => parser.write("[}")).toThrow(PartialJsonError);
    expect(() => parser.write("1")).toThrow(/expected a JSON value/);
  });
});
