import { test } from "vitest";
import { SCHEMA_CASES } from "../generator/lower/schemas.js";
import { sampleValue } from "../../runtime/testing/sample-value.js";
test("u", () => {
  const c = SCHEMA_CASES.find((x) => x.name.startsWith("maps by key"))!;
  for (let i = 0; i < 6; i++) console.log(JSON.stringify(sampleValue(c.schema, i, { onApproximation: (r) => console.log("APPROX", r) })));
});
