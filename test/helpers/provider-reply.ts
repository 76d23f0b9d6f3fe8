/**
 * "Lift" a value valid under the ORIGINAL schema into what a provider following the lowered wire
 * schema returns: wrapped in `{ "value": ... }` when the wire root is a wrapper, and with `null` for
 * every absent property the wire schema requires (OpenAI strict: optional -> required + nullable).
 * Union branches are chosen by validating the lifted candidate against the branch (Ajv), so this
 * reads only the wire schema, never the lowering code.
 */
import type { Ajv2020 } from "ajv/dist/2020.js";
import { newAjv } from "./ajv.js";

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

const WIRE_ID = "https://extractgen.test/wire";
const lifters = new WeakMap<Node, Lifter>();

export function liftReply(wire: Node, value: unknown, wrapped: boolean): unknown {
  let lifter = lifters.get(wire);
  if (lifter === undefined) {
    const ajv = newAjv();
    ajv.addSchema({ ...wire, $id: WIRE_ID });
    lifter = new Lifter(ajv, wire, isNode(wire["$defs"]) ? wire["$defs"] : {});
    lifters.set(wire, lifter);
  }
  return lifter.lift(wire, "", wrapped ? { value } : value);
}

class Lifter {
  constructor(
    readonly ajv: Ajv2020,
    readonly root: Node,
    readonly defs: Node,
  ) {}

  #resolve(node: Node, at: string): [Node, string] {
    const ref = node["$ref"];
    if (ref === "#") return [this.root, ""];
    if (typeof ref === "string" && ref.startsWith("#/$defs/")) {
      const name = ref.slice(8);
      return [this.defs[name] as Node, `/$defs/${name}`];
    }
    return [node, at];
  }

  #isEntryList(node: Node): boolean {
    const types = Array.isArray(node["type"]) ? node["type"] : [node["type"]];
    if (!types.includes("array") || !isNode(node["items"])) return false;
    const [items] = this.#resolve(node["items"], "");
    const shapes = Array.isArray(items["anyOf"]) ? (items["anyOf"] as Node[]) : [items];
    return shapes.every((shape) => isNode(shape["properties"]) && Object.keys(shape["properties"]).join() === "key,value");
  }

  #fits(at: string, value: unknown): boolean {
    const fragment = at.split("/").map(encodeURIComponent).join("/");
    const validate = this.ajv.getSchema(`${WIRE_ID}#${fragment}`);
    return validate ? (validate(value) as boolean) : false;
  }

  lift(schema: unknown, at: string, value: unknown): unknown {
    if (!isNode(schema)) return value;
    const [node, where] = this.#resolve(schema, at);
    if (Array.isArray(node["anyOf"])) {
      for (let i = 0; i < node["anyOf"].length; i++) {
        const candidate = this.lift(node["anyOf"][i], `${where}/anyOf/${i}`, value);
        if (this.#fits(`${where}/anyOf/${i}`, candidate)) return candidate;
      }
      return value;
    }
    if (isNode(value) && isNode(node["properties"])) {
      const required = Array.isArray(node["required"]) ? node["required"] : [];
      const out: Node = {};
      for (const [key, sub] of Object.entries(node["properties"])) {
        const lifted = Object.hasOwn(value, key) ? this.lift(sub, `${where}/properties/${key}`, value[key]) : required.includes(key) ? null : undefined;
        if (lifted !== undefined) Object.defineProperty(out, key, { value: lifted, enumerable: true, writable: true, configurable: true });
      }
      for (const key of Object.keys(value)) {
        if (!Object.hasOwn(out, key)) Object.defineProperty(out, key, { value: value[key], enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    if (isNode(value) && this.#isEntryList(node)) {
      // An object whose keys are data, sent as `[{ key, value }]`.
      return Object.entries(value).map(([key, v]) => this.lift(node["items"], `${where}/items`, { key, value: v }));
    }
    if (Array.isArray(value) && isNode(node["items"])) return value.map((v) => this.lift(node["items"], `${where}/items`, v));
    return value;
  }
}
