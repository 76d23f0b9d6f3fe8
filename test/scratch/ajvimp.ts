import { Ajv2020 } from "ajv/dist/2020.js";
import * as formats from "ajv-formats";
const addFormats = formats.default as unknown as typeof formats.default.default;
const ajv = new Ajv2020({ strict: false });
addFormats(ajv);
console.log(ajv.validate({ type: "string", format: "email" }, "a@b.co"), ajv.validate({ type: "string", format: "email" }, "ab"));
