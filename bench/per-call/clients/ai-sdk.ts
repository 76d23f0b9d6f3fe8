/**
 * ai (Vercel AI SDK) with @ai-sdk/openai: `generateObject` and `streamObject` with the zod schema
 * over the chat completions API (`provider.chat`), the partial object stream consumed before the
 * final object.
 */
import { createOpenAI } from "@ai-sdk/openai";
import { generateObject, streamObject } from "ai";
import { INVOICE_INSTRUCTIONS, INVOICE_TEXT } from "../../invoice/invoice.js";
import { InvoiceZod } from "../../invoice/invoice-zod.js";
import { API_KEY, type BenchClient, type ClientDefinition, type ClientSetup, MODEL } from "../client.js";

// The SDK logs a warning per call for settings the provider ignores: that is not the work measured.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

async function create(setup: ClientSetup): Promise<BenchClient> {
  const model = createOpenAI({ baseURL: `${setup.baseURL}/v1`, apiKey: API_KEY }).chat(MODEL);
  const request = { model, schema: InvoiceZod, schemaName: "invoice", system: INVOICE_INSTRUCTIONS, prompt: INVOICE_TEXT };
  return {
    async call() {
      const { object } = await generateObject(request);
      return object;
    },
    async stream() {
      const result = streamObject(request);
      for await (const partial of result.partialObjectStream) void partial;
      return result.object;
    },
  };
}

const ai: ClientDefinition = { label: "ai generateObject / streamObject + @ai-sdk/openai + zod", packages: ["ai", "@ai-sdk/openai", "zod"], create };
export default ai;
