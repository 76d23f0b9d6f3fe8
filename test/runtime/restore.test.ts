import { describe, expect, test } from "vitest";
import type { RestorePlan } from "../../runtime/spec.js";
import { applyRestore } from "../../runtime/restore.js";

const person: RestorePlan = {
  root: {
    kind: "object",
    props: { nickname: { nullToAbsent: true }, address: { nullToAbsent: true, node: { kind: "ref", def: "Address" } } },
    closedKeys: ["name", "nickname", "address"],
  },
  defs: { Address: { kind: "object", props: { zip: { nullToAbsent: true } }, closedKeys: ["city", "zip"] } },
};

describe("applyRestore", () => {
  test("null of an optional-not-nullable property becomes absent, through refs", () => {
    expect(applyRestore(person, { name: "Ada", nickname: null, address: { city: "X", zip: null } })).toEqual({ name: "Ada", address: { city: "X" } });
  });

  test("undeclared keys of closed objects are dropped", () => {
    expect(applyRestore(person, { name: "Ada", extra: 1, address: { city: "X", more: true } })).toEqual({ name: "Ada", address: { city: "X" } });
  });

  test("a wrapped root is unwrapped", () => {
    expect(applyRestore({ unwrap: "value" }, { value: [1, 2] })).toEqual([1, 2]);
  });

  test("the input is not mutated and untouched parts keep their identity", () => {
    const reply = { name: "Ada", nickname: null, address: { city: "X" } };
    const copy = structuredClone(reply);
    const out = applyRestore(person, reply) as typeof reply;
    expect(reply).toEqual(copy);
    expect(out.address).toBe(reply.address);
  });

  test("__proto__, constructor and prototype keys never reach a prototype", () => {
    const reply = JSON.parse('{"name":"Ada","nickname":null,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    const open: RestorePlan = { root: { kind: "object", props: { nickname: { nullToAbsent: true } } } };
    const out = applyRestore(open, reply) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect((out as { polluted?: unknown }).polluted).toBeUndefined();
    const closed = applyRestore(person, reply) as Record<string, unknown>;
    expect(Object.keys(closed)).toEqual(["name"]);
  });

  test("a union applies the branch the value fits: type, required keys, discriminator, then closed keys", () => {
    const union: RestorePlan = {
      root: {
        kind: "union",
        variants: [
          {
            match: { types: ["object"], required: ["kind"], consts: [["kind", "cat"]], keys: ["kind", "lives"] },
            node: { kind: "object", props: { lives: { nullToAbsent: true } }, closedKeys: ["kind", "lives"] },
          },
          {
            match: { types: ["object"], required: ["kind"], consts: [["kind", "dog"]], keys: ["kind", "bark"] },
            node: { kind: "object", props: { bark: { nullToAbsent: true } }, closedKeys: ["kind", "bark"] },
          },
          { match: { types: ["number"] } },
        ],
      },
    };
    expect(applyRestore(union, { kind: "dog", bark: null, lives: 3 })).toEqual({ kind: "dog" });
    expect(applyRestore(union, { kind: "cat", lives: null })).toEqual({ kind: "cat" });
    expect(applyRestore(union, 7)).toBe(7);
    // No branch fits (unknown discriminator): the value is left for validation to report.
    expect(applyRestore(union, { kind: "cow", lives: null })).toEqual({ kind: "cow", lives: null });
  });

  test("without a full fit, the first branch whose type and required keys fit is used", () => {
    const union: RestorePlan = {
      root: {
        kind: "union",
        variants: [
          { match: { types: ["object"], required: ["a"], keys: ["a"] }, node: { kind: "object", closedKeys: ["a"] } },
          { match: { types: ["object"], required: ["b"], keys: ["b"] }, node: { kind: "object", closedKeys: ["b"] } },
        ],
      },
    };
    expect(applyRestore(union, { b: 1, junk: true })).toEqual({ b: 1 });
  });

  test("branches that fit alike (no discriminator): the one under which no key is dropped wins", () => {
    const spec = (keys: string[]) => ({ kind: "object" as const, closedKeys: keys });
    const union: RestorePlan = {
      root: {
        kind: "union",
        variants: [
          {
            match: { types: ["object"], required: ["spec"], keys: ["kind", "spec"] },
            node: { kind: "object", props: { spec: { node: spec(["a"]) } }, closedKeys: ["kind", "spec"] },
          },
          {
            match: { types: ["object"], required: ["spec"], keys: ["kind", "spec"] },
            node: { kind: "object", props: { spec: { node: { kind: "ref", def: "B" } } }, closedKeys: ["kind", "spec"] },
          },
        ],
      },
      defs: { B: { kind: "object", props: { list: { node: { kind: "array", items: spec(["b"]) } } }, closedKeys: ["list"] } },
    };
    const cases: [string, { given: unknown; want: unknown }][] = [
      ["the first branch's keys", { given: { kind: "A", spec: { a: 1 } }, want: { kind: "A", spec: { a: 1 } } }],
      [
        "keys only the second branch declares, deep in an array through a ref",
        { given: { kind: "B", spec: { list: [{ b: 1 }] } }, want: { kind: "B", spec: { list: [{ b: 1 }] } } },
      ],
      ["keys no branch declares: the first branch applies", { given: { kind: "C", spec: { c: 1 } }, want: { kind: "C", spec: {} } }],
    ];
    for (const [name, { given, want }] of cases) expect(applyRestore(union, given), name).toEqual(want);
  });

  test("deeply nested branches that fit alike are looked at once per value (no exponential walk)", () => {
    const branch = (keys: string[]) => ({
      match: { types: ["object" as const], keys },
      node: { kind: "object" as const, props: { next: { node: { kind: "ref" as const, def: "Chain" } } }, closedKeys: keys },
    });
    const plan: RestorePlan = {
      root: { kind: "ref", def: "Chain" },
      defs: { Chain: { kind: "union", variants: [branch(["next", "a"]), branch(["next", "b"])] } },
    };
    let value: Record<string, unknown> = { b: "bottom" };
    for (let depth = 0; depth < 200; depth++) value = { next: value };
    expect(applyRestore(plan, value)).toBe(value);
  });

  test("a discriminator picks the branch even when an earlier branch fits the top-level keys", () => {
    const union: RestorePlan = {
      root: {
        kind: "union",
        variants: [
          {
            match: { types: ["object"], required: ["kind"], keys: ["kind", "spec"], consts: [["kind", "API"]] },
            node: { kind: "object", props: { spec: { node: { kind: "object", closedKeys: ["definition"] } } }, closedKeys: ["kind", "spec"] },
          },
          {
            match: { types: ["object"], required: ["kind"], keys: ["kind", "spec"], consts: [["kind", "Group"]] },
            node: { kind: "object", props: { spec: { node: { kind: "object", closedKeys: ["members"] } } }, closedKeys: ["kind", "spec"] },
          },
        ],
      },
    };
    expect(applyRestore(union, { kind: "Group", spec: { members: ["x"] } })).toEqual({ kind: "Group", spec: { members: ["x"] } });
  });

  test("entry lists become objects; their values are restored", () => {
    const map: RestorePlan = { root: { kind: "object", entries: true, additional: { kind: "object", props: { note: { nullToAbsent: true } } } } };
    expect(
      applyRestore(map, [
        { key: "a", value: { n: 1, note: null } },
        { key: "__proto__", value: { n: 2 } },
      ]),
    ).toEqual(JSON.parse('{"a":{"n":1},"__proto__":{"n":2}}'));
    expect(({} as Record<string, unknown>)["n"]).toBeUndefined();
    // An object reply (a provider that took the map as is) is restored in place.
    expect(applyRestore(map, { a: { n: 1, note: null } })).toEqual({ a: { n: 1 } });
    // Not a list of entries: left alone.
    expect(applyRestore(map, [1, 2])).toEqual([1, 2]);
  });

  test("tuple positions and items are restored separately", () => {
    const tuple: RestorePlan = {
      root: { kind: "array", prefixItems: [null, { kind: "object", closedKeys: ["x"] }], items: { kind: "object", props: { y: { nullToAbsent: true } } } },
    };
    expect(applyRestore(tuple, ["s", { x: 1, z: 2 }, { y: null }, { y: 1 }])).toEqual(["s", { x: 1 }, {}, { y: 1 }]);
  });

  test("values that are not of the planned shape pass through unchanged", () => {
    expect(applyRestore(person, "text")).toBe("text");
    expect(applyRestore(person, null)).toBeNull();
    expect(applyRestore({ unwrap: "value" }, [1])).toEqual([1]);
  });
});
