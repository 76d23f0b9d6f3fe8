/**
 * openai: `chat.completions.parse` with `zodResponseFormat` (the SDK's documented structured-output
 * call), and `chat.completions.stream` with the same format, iterated chunk by chunk before
 * `finalChatCompletion()` (the SDK parses the partial JSON as it streams).
 */
import OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { INVOICE_INSTRUCTIONS, INVOICE_TEXT } from "../../invoice/invoice.js";
import { InvoiceZodNullable } from "../../invoice/invoice-zod.js";
import { API_KEY, type BenchClient, type ClientDefinition, type ClientSetup, MODEL } from "../client.js";

async function create(setup: ClientSetup): Promise<BenchClient> {
  const client = new OpenAI({ baseURL: `${setup.baseURL}/v1`, apiKey: API_KEY });
  const request = {
    model: MODEL,
    messages: [
      { role: "system" as const, content: INVOICE_INSTRUCTIONS },
      { role: "user" as const, content: INVOICE_TEXT },
    ],
    response_format: zodResponseFormat(InvoiceZodNullable, "invoice"),
  };
  return {
    async call() {
      const completion = await client.chat.completions.parse(request);
      return completion.choices[0]?.message.parsed;
    },
    async stream() {
      const stream = client.chat.completions.stream({ ...request, stream_options: { include_usage: true } });
      for await (const chunk of stream) void chunk;
      const completion = await stream.finalChatCompletion();
      return completion.choices[0]?.message.parsed;
    },
  };
}

const openai: ClientDefinition = { label: "openai chat.completions.parse / .stream + zod", packages: ["openai", "zod"], create };
export default openai;
