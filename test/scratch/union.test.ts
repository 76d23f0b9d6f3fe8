import { test } from "vitest";
import { SCHEMA_CASES } from "../generator/lower/schemas.js";
import { sampleValue } from "../../runtime/testing/sample-value.js";
test("u", () => {
  const c = SCHEMA_CASES.find((x) => x.name.startsWith("union of overlapping"))!;
  for (let i = 0; i < 12; i++) console.log(JSON.stringify(sampleValue(c.schema, i, { onApproximation: (r) => console.log("APPROX", r) })));
});
