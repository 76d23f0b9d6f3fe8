/**
 * The floor: what a careful hand-written client costs. An undici Pool with keep-alive, the request
 * body built with JSON.stringify, the reply read with one JSON.parse (SSE: one per event, then one
 * of the whole answer) and checked by the precompiled validator (the generated one). No retries,
 * no error handling beyond a status check: nothing a real client could leave out.
 */
import { Pool } from "undici";
import { specOf } from "../../generated/spec-of.js";
import { INVOICE_INSTRUCTIONS, INVOICE_TEXT } from "../../invoice/invoice.js";
import { API_KEY, type BenchClient, type ClientDefinition, type ClientSetup, MODEL } from "../client.js";

interface ChatCompletion {
  choices: { message: { content: string | null } }[];
}

interface ChatChunk {
  choices: { delta?: { content?: string | null } }[];
}

const PATH = "/v1/chat/completions";
const HEADERS = { "content-type": "application/json", authorization: `Bearer ${API_KEY}` };

async function create(setup: ClientSetup): Promise<BenchClient> {
  // The generated module's precompiled validator and wire schema: the floor validates and sends
  // exactly what extractgen does, so the difference is the runtime's own work.
  const spec = specOf((await import(setup.invoiceModule)) as Record<string, unknown>);
  const validate = spec.validate as ((value: unknown) => boolean) & { errors?: unknown };
  const responseFormat = { type: "json_schema", json_schema: { name: "invoice", strict: true, schema: spec.wire.openai.schema } };
  const pool = new Pool(setup.baseURL, { keepAliveTimeout: 30_000 });

  const body = (stream: boolean, text: string): string =>
    JSON.stringify({
      model: MODEL,
      messages: [
        { role: "system", content: INVOICE_INSTRUCTIONS },
        { role: "user", content: text },
      ],
      response_format: responseFormat,
      ...(stream && { stream: true, stream_options: { include_usage: true } }),
    });

  const checked = (text: string): unknown => {
    const value: unknown = JSON.parse(text);
    if (!validate(value)) throw new Error(`invalid invoice: ${JSON.stringify(validate.errors)}`);
    return value;
  };

  return {
    async call() {
      const res = await pool.request({ path: PATH, method: "POST", headers: HEADERS, body: body(false, INVOICE_TEXT) });
      if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}: ${await res.body.text()}`);
      const reply = (await res.body.json()) as ChatCompletion;
      return checked(reply.choices[0]?.message.content ?? "");
    },
    async stream() {
      const res = await pool.request({ path: PATH, method: "POST", headers: HEADERS, body: body(true, INVOICE_TEXT) });
      if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}: ${await res.body.text()}`);
      res.body.setEncoding("utf8");
      let pending = "";
      let answer = "";
      for await (const piece of res.body as AsyncIterable<string>) {
        pending += piece;
        let start = 0;
        for (let end = pending.indexOf("\n\n"); end !== -1; end = pending.indexOf("\n\n", start)) {
          const event = pending.slice(start, end);
          start = end + 2;
          if (!event.startsWith("data: ") || event === "data: [DONE]") continue;
          const delta = (JSON.parse(event.slice(6)) as ChatChunk).choices[0]?.delta?.content;
          if (delta) answer += delta;
        }
        pending = pending.slice(start);
      }
      return checked(answer);
    },
  };
}

const floor: ClientDefinition = { label: "raw undici Pool + JSON.parse + precompiled Ajv (floor)", packages: ["undici", "ajv"], create };
export default floor;
