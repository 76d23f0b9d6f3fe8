/**
 * The fake OpenAI-compatible server of the per-call benchmark (#8 item 1), run in a process of its
 * own (`fork`) so its CPU never counts as a client's. `POST /v1/chat/completions` answers at once
 * with the invoice reply (replies.ts): a chat completion JSON, or, when the request body asks for
 * `"stream":true`, the same content as SSE. Both bodies are built once at start-up and sent with
 * one write, so the server does as little as it can per request. It tells its parent the port it
 * listens on (`{ port }`) and exits when the parent does.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { completionBody, invoiceContent, sseBody } from "./replies.js";

const completion = completionBody(invoiceContent());
const sse = sseBody(invoiceContent());
const JSON_HEADERS = { "content-type": "application/json", "content-length": String(completion.length), "x-request-id": "req_bench" };
const SSE_HEADERS = { "content-type": "text/event-stream", "cache-control": "no-cache", "x-request-id": "req_bench" };

function answer(req: IncomingMessage, res: ServerResponse): void {
  const parts: Buffer[] = [];
  req.on("data", (part: Buffer) => parts.push(part));
  req.on("end", () => {
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}`, type: "invalid_request_error" } }));
      return;
    }
    const streaming = Buffer.concat(parts).includes('"stream":true');
    if (streaming) res.writeHead(200, SSE_HEADERS).end(sse);
    else res.writeHead(200, JSON_HEADERS).end(completion);
  });
}

const server = createServer({ keepAliveTimeout: 60_000 }, answer);
server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: (server.address() as AddressInfo).port, sseBytes: sse.length, jsonBytes: completion.length });
});
process.on("disconnect", () => process.exit(0));
