import { test } from "vitest";
import { lower } from "../../generator/lower/index.js";
test("x", () => { console.log(JSON.stringify(lower({ schema: { type: "array", items: { anyOf: [{type:"string"}, { $ref: "#" }] } }, name: "x" }, "openai").schema)); });
