/**
 * The precompiled validators in the goldens behave like the original schemas: each row is a golden
 * module, a value (JSON text, so `__proto__` is an own key as in a parsed reply) and what
 * `validate` must say. Covers what the text rewrite of Ajv's code could break: renumbered
 * functions, recursion, pruned schema constants, own-property lookups, pattern flags, formats.
 * The goldens import `extractgen/runtime`, which resolves to the built dist/ (npm ci builds it).
 */
import path from "node:path";
import { describe, expect, test } from "vitest";
import { CASES_DIR } from "../../helpers/golden-cases.js";
import { validate, type ExtractorSpec } from "../../../runtime/index.js";

type Want = { ok: true } | { paths: string[] };
type Row = [module: string, spec: string, json: string, want: Want];

const rows: Row[] = [
  ["relay-examples/expected/calendar-event", "calendarEventSpec", '{"name":"Fair","date":"Friday","participants":["Alice"]}', { ok: true }],
  ["relay-examples/expected/calendar-event", "calendarEventSpec", '{"name":1,"participants":[2],"extra":true}', { paths: ["", "", "/name", "/participants/0"] }],
  ["relay-examples/expected/math-reasoning", "mathReasoningSpec", '{"steps":[{"explanation":"e"}],"final_answer":"x"}', { paths: ["/steps/0"] }],
  ["recursion-tree/expected/outline", "outlineSpec", '{"title":"t","sections":[{"heading":"1","children":[{"heading":"1.1","children":[{"heading":2,"children":[]}]}]}]}', { paths: ["/sections/0/children/0/children/0/heading"] }],
  ["self-reference/expected/comment-thread", "commentSpec", '{"author":"a","text":"t","replies":[{"author":"b","text":"u","replies":[{"author":"c"}]}]}', { paths: ["/replies/0/replies/0"] }],
  ["recursion-mutual/expected/org-chart", "orgChartSpec", '{"root":{"name":"R","head":{"name":"H","manages":{"name":"M"},"reportsTo":null}}}', { ok: true }],
  ["union-discriminated/expected/payment", "paymentSpec", '{"amount":1,"method":{"kind":"card","last4":"1234"}}', { ok: true }],
  ["union-discriminated/expected/payment", "paymentSpec", '{"amount":1,"method":{"kind":"card","last4":"12a4"}}', { paths: ["/method/last4", "/method", "/method", "/method/kind", "/method", "/method/kind", "/method"] }],
  ["enums/expected/ticket", "ticketSpec", '{"priority":"high","mixed":true,"typedNullable":null,"severity":3,"tags":["bug","quoted \\"tag\\""]}', { ok: true }],
  ["enums/expected/ticket", "ticketSpec", '{"priority":"urgent","typedNullable":"c","severity":4,"tags":["bug","bug"]}', { paths: ["/priority", "/typedNullable", "/severity", "/tags"] }],
  ["tuples/expected/geo", "geoFeatureSpec", '{"point":[1,2],"range":[1,2,"x"]}', { ok: true }],
  ["tuples/expected/geo", "geoFeatureSpec", '{"point":[1,2,3],"range":[1,2,3]}', { paths: ["/point", "/range/2"] }],
  ["odd-property-names/expected/odd", "oddNamesSpec", '{"with space":"a","constructor":"b","__proto__":"c"}', { ok: true }],
  ["odd-property-names/expected/odd", "oddNamesSpec", '{"with space":"a"}', { paths: ["", ""] }],
  ["formats-and-patterns/expected/signup", "signupSpec", '{"email":"a@b.co","at":"2024-02-29T10:00:00Z","homepage":"https://x.dev/","username":"ab_c-d","phone":"+12-34"}', { ok: true }],
  ["formats-and-patterns/expected/signup", "signupSpec", '{"email":"nope","at":"2024-02-30T10:00:00Z","homepage":"not a uri","username":"A","phone":"12"}', { paths: ["/email", "/at", "/homepage", "/username", "/phone"] }],
  ["formats-and-patterns/expected/name-tag", "nameTagSpec", '{"initials":"ÄÖ"}', { ok: true }],
  ["formats-and-patterns/expected/name-tag", "nameTagSpec", '{"initials":"ab"}', { paths: ["/initials"] }],
  ["draft-04/expected/product", "productSpec", '{"sku":"s","price":0}', { paths: ["/price"] }],
  ["draft-2019-09/expected/meeting", "meetingSpec", '{"topic":"t","start":"2024-01-01T00:00:00Z","attendees":[{"email":"a@b.co","role":"host"}],"extra":1}', { paths: [""] }],
  ["non-object-roots/expected/sentiment", "sentimentSpec", '"angry"', { paths: [""] }],
  ["additional-properties/expected/settings", "settingsSpec", '{"closedByDefault":{"a":"x","b":1},"numberMap":{"k":"v"}}', { paths: ["/numberMap/k"] }],
  ["composition/expected/employee", "employeeSpec", '{"lastName":"L","employeeId":"1","manager":{"firstName":"F"}}', { paths: ["/manager"] }],
];

describe("golden validators", () => {
  test.each(rows)("%s %s %s", async (module, specName, json, want) => {
    const file = path.join(CASES_DIR, `${module}.ts`);
    const loaded = (await import(/* @vite-ignore */ file)) as Record<string, ExtractorSpec<unknown>>;
    const spec = loaded[specName];
    if (!spec) throw new Error(`${module} exports no ${specName}`);
    const result = validate(spec, JSON.parse(json));
    if ("ok" in want) expect(result).toEqual({ ok: true, value: JSON.parse(json) });
    else expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(want.paths);
  });
});
