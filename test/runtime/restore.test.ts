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
});
