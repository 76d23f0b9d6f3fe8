/**
 * @instructor-ai/instructor over the openai client in `JSON_SCHEMA` mode (the schema goes in
 * `response_format`, the answer comes back as message content, as from the other clients), without
 * re-asks; streaming yields partial objects, the last one is the result.
 */
import Instructor from "@instructor-ai/instructor";
import OpenAI from "openai";
import { INVOICE_INSTRUCTIONS, INVOICE_TEXT } from "../../invoice/invoice.js";
import { InvoiceZod3 } from "../../invoice/invoice-zod.js";
import { API_KEY, type BenchClient, type ClientDefinition, type ClientSetup, MODEL } from "../client.js";

async function create(setup: ClientSetup): Promise<BenchClient> {
  const client = Instructor({ client: new OpenAI({ baseURL: `${setup.baseURL}/v1`, apiKey: API_KEY }), mode: "JSON_SCHEMA" });
  const request = {
    model: MODEL,
    messages: [
      { role: "system" as const, content: INVOICE_INSTRUCTIONS },
      { role: "user" as const, content: INVOICE_TEXT },
    ],
    response_model: { schema: InvoiceZod3, name: "Invoice" },
    max_retries: 0,
  };
  return {
    call: () => client.chat.completions.create(request),
    async stream() {
      let last: unknown;
      for await (const partial of await client.chat.completions.create({ ...request, stream: true })) last = partial;
      return last;
    },
  };
}

const instructor: ClientDefinition = { label: "@instructor-ai/instructor (JSON_SCHEMA mode) + zod 3 API", packages: ["@instructor-ai/instructor", "openai", "zod"], create };
export default instructor;
