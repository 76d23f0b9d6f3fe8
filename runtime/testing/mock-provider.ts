/**
 * The mock provider: a real HTTP server on 127.0.0.1 that speaks the four dialects (JSON and SSE)
 * the way the vendors do, for tests and demos. By default every request gets a value valid for
 * the schema in the request (what a real model does with structured output), the same value for
 * the same schema and seed. A script per model name replays recorded replies or injects faults:
 * rate limits, server errors, dropped connections, refusals, truncation, content filters, bad
 * JSON, latency, slow drips and oversized bodies.
 *
 * @example
 * const mock = await startMockProvider({ seed: 7, script: { "flaky-model": [{ kind: "rate-limit", retryAfterMs: 10 }] } });
 * const invoice = await extractInvoice(text, { baseURL: mock.url, apiKey: "test-key", model: "flaky-model" });
 * await mock.close();
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { ProviderName } from "../spec.js";
import { type AnswerEnd, type ErrorShape, errorBody, type MockAnswer, type MockEvent, nativeErrorShape, replyBody, replyEvents } from "./mock-replies.js";
import { type MockCall, readMockCall } from "./mock-request.js";
import { sampleValue } from "./sample-value.js";

/** Timing and framing knobs any step can carry. */
export interface MockTiming {
  /** Wait this long before the status line. */
  latencyMs?: number;
  /** Write the body in pieces of `chunkBytes` (JSON) or one event at a time (SSE), this far apart. */
  dripMs?: number;
  /** Piece size for a dripped JSON body. @default 64 */
  chunkBytes?: number;
  /** Characters of answer text per SSE delta (overrides the server's `sseChunkSize`). */
  sseChunkSize?: number;
}

/** What one request gets. Steps are scripted per model name and used in order. */
export type MockStep = MockTiming &
  (
    | { kind: "value"; value?: unknown }
    | { kind: "text"; text: string }
    | { kind: "malformed" }
    | { kind: "fenced" }
    | { kind: "prose" }
    | { kind: "refusal"; message?: string }
    | { kind: "truncated" }
    | { kind: "filtered"; blocked?: boolean }
    /** A recorded reply sent as it is: JSON (an object, or text), or an SSE text for streaming requests. */
    | { kind: "recorded"; body: unknown; status?: number; headers?: Record<string, string> }
    | { kind: "error"; status: number; message?: string; shape?: ErrorShape; headers?: Record<string, string>; retryDelay?: string }
    | { kind: "rate-limit"; retryAfter?: string | number; retryAfterMs?: number; retryDelay?: string; shape?: ErrorShape }
    | { kind: "drop"; afterBytes?: number }
    | { kind: "oversized"; bytes: number; declareLength?: boolean }
    | { kind: "stream-error"; message?: string }
  );

export interface MockProviderOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** Seed of the sampled values. @default 1 */
  seed?: number;
  /** Steps per model name; once a model's steps are used up it gets sampled values. */
  script?: Record<string, MockStep | MockStep[]>;
  /** Characters of answer text per SSE delta. @default 16 */
  sseChunkSize?: number;
  /** When set, requests must carry this key in their dialect's auth header, else HTTP 401. */
  apiKey?: string;
  /** Called once per request, after its reply was sent (or dropped). */
  onRequest?: (request: MockRequest) => void;
}

/** One request the mock received, and what it sent back. */
export interface MockRequest {
  method: string;
  path: string;
  dialect?: ProviderName;
  model?: string;
  stream: boolean;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The scripted step that answered, if any. */
  step?: MockStep;
  status: number;
  /** The body text sent (as far as it was sent), for checking replies against vendor schemas. */
  reply: string;
  /** The whole reply was sent (false when dropped, or when the client hung up first). */
  complete: boolean;
}

export interface MockProvider {
  /** `http://127.0.0.1:<port>`: the base URL to give extractors. */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: MockRequest[];
  /** Append steps for a model name. */
  script(model: string, steps: MockStep | MockStep[]): void;
  /** Forget recorded requests and remaining steps. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_SSE_CHUNK = 16;
const DEFAULT_DRIP_BYTES = 64;

/** Start the mock provider on 127.0.0.1. */
export async function startMockProvider(options: MockProviderOptions = {}): Promise<MockProvider> {
  const seed = options.seed ?? 1;
  const queues = new Map<string, MockStep[]>();
  const requests: MockRequest[] = [];
  const sockets = new Set<Socket>();
  const script = (model: string, steps: MockStep | MockStep[]): void => {
    const queue = queues.get(model) ?? [];
    queue.push(...(Array.isArray(steps) ? steps : [steps]));
    queues.set(model, queue);
  };
  for (const [model, steps] of Object.entries(options.script ?? {})) script(model, steps);

  const server = createServer((req, res) => {
    readBody(req).then(
      (text) => answer(req, res, text),
      () => res.destroy(),
    );
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  function answer(req: IncomingMessage, res: ServerResponse, text: string): void {
    const url = new URL(req.url ?? "/", "http://mock");
    const record: MockRequest = { method: req.method ?? "", path: url.pathname, stream: false, headers: req.headers, body: text, status: 0, reply: "", complete: false };
    requests.push(record);
    if (options.onRequest) res.on("close", () => options.onRequest?.(record));
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      body = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
      record.body = parsed;
    } catch {
      return send(res, record, 400, {}, errorBody("openai", 400, "request body is not JSON"));
    }
    const call = req.method === "POST" ? readMockCall(url.pathname, url.searchParams, body) : undefined;
    if (!call) return send(res, record, 404, {}, errorBody("openai", 404, `no such endpoint: ${req.method} ${url.pathname}`));
    record.dialect = call.dialect;
    record.model = call.model;
    record.stream = call.stream;
    if (options.apiKey !== undefined && presentedKey(call.dialect, req.headers) !== options.apiKey) {
      return send(res, record, 401, {}, errorBody(nativeErrorShape(call.dialect), 401, "invalid API key"));
    }
    const step = queues.get(call.model)?.shift();
    if (step) record.step = step;
    const go = (): void => respond(res, record, call, step ?? { kind: "value" }, text.length);
    if (step?.latencyMs) {
      const timer = setTimeout(go, step.latencyMs);
      res.on("close", () => clearTimeout(timer));
    } else go();
  }

  function respond(res: ServerResponse, record: MockRequest, call: MockCall, step: MockStep, requestBytes: number): void {
    switch (step.kind) {
      case "error": {
        const headers = { ...step.headers };
        return send(res, record, step.status, headers, errorBody(step.shape ?? nativeErrorShape(call.dialect), step.status, step.message ?? `mock error ${step.status}`, step.retryDelay), step);
      }
      case "rate-limit": {
        const headers: Record<string, string> = {};
        if (step.retryAfter !== undefined) headers["retry-after"] = String(step.retryAfter);
        if (step.retryAfterMs !== undefined) headers["retry-after-ms"] = String(step.retryAfterMs);
        return send(res, record, 429, headers, errorBody(step.shape ?? nativeErrorShape(call.dialect), 429, "Rate limit reached, please try again later.", step.retryDelay), step);
      }
      case "recorded": {
        const text = typeof step.body === "string" ? step.body : JSON.stringify(step.body);
        // A recorded stream (an `.sse` fixture) goes back as an event stream.
        const type = call.stream && typeof step.body === "string" ? { "content-type": "text/event-stream" } : {};
        return send(res, record, step.status ?? 200, { ...type, ...step.headers }, text, step);
      }
      case "drop":
        if (step.afterBytes === undefined) {
          record.status = -1;
          res.socket?.destroy();
          return;
        }
        break;
      case "oversized":
        return sendOversized(res, record, step);
      default:
        break;
    }
    const answer = answerFor(call, step, requestBytes);
    if (call.stream) {
      const chunk = step.sseChunkSize ?? options.sseChunkSize ?? DEFAULT_SSE_CHUNK;
      const failure = step.kind === "stream-error" ? { message: step.message ?? "Overloaded", type: call.dialect === "anthropic" ? "overloaded_error" : "server_error" } : undefined;
      return sendEvents(res, record, replyEvents(call.dialect, answer, chunk, failure), step);
    }
    return send(res, record, 200, {}, JSON.stringify(replyBody(call.dialect, answer)), step);
  }

  /** The answer a step asks for: a sampled value unless the step says otherwise. */
  function answerFor(call: MockCall, step: MockStep, requestBytes: number): MockAnswer {
    const value = () => JSON.stringify(step.kind === "value" && "value" in step && step.value !== undefined ? step.value : sampleValue(call.schema ?? {}, seed));
    let text = "";
    let end: AnswerEnd = "stop";
    let refusal: string | undefined;
    switch (step.kind) {
      case "text":
        text = step.text;
        break;
      case "malformed": {
        const json = value();
        text = json.slice(0, Math.max(1, Math.floor(json.length / 2)));
        break;
      }
      case "fenced":
        text = `\`\`\`json\n${value()}\n\`\`\``;
        break;
      case "prose":
        text = `Here is the extracted data:\n\n${value()}\n\nLet me know if you need anything else.`;
        break;
      case "truncated": {
        const json = value();
        text = json.slice(0, Math.max(1, Math.floor(json.length / 2)));
        end = "length";
        break;
      }
      case "filtered":
        end = step.blocked && call.dialect === "gemini" ? "blocked" : "filter";
        break;
      case "refusal":
        end = "refusal";
        refusal = step.message ?? "I'm sorry, but I can't help with that.";
        break;
      default:
        text = value();
    }
    // Gemini has no refusal signal (the model just writes prose); Anthropic's filter is a refusal.
    if (end === "refusal" && call.dialect === "gemini") {
      text = refusal ?? "";
      end = "stop";
    }
    if (end === "filter" && call.dialect === "anthropic") end = "refusal";
    const a: MockAnswer = { text, end, inputTokens: Math.ceil(requestBytes / 4), outputTokens: Math.max(1, Math.ceil(text.length / 4)), model: call.model, serial: requests.length };
    if (refusal !== undefined) a.refusal = refusal;
    if (call.toolName !== undefined) a.toolName = call.toolName;
    return a;
  }

  /** A whole body with its length declared; a drop step cuts it after `afterBytes`, a drip step slows it. */
  function send(res: ServerResponse, record: MockRequest, status: number, headers: Record<string, string>, text: string, step?: MockStep): void {
    record.status = status;
    const bytes = Buffer.from(text);
    res.writeHead(status, { "content-type": text.startsWith("<") ? "text/html" : "application/json", "content-length": String(bytes.length), "x-request-id": `req_mock_${requests.length}`, ...headers });
    const dropAt = step?.kind === "drop" ? step.afterBytes : undefined;
    const sent = dropAt === undefined ? bytes : bytes.subarray(0, dropAt);
    const size = step?.dripMs ? (step.chunkBytes ?? DEFAULT_DRIP_BYTES) : Math.max(1, sent.length);
    const pieces: Buffer[] = [];
    for (let at = 0; at < sent.length; at += size) pieces.push(sent.subarray(at, at + size));
    writePieces(res, record, pieces, step?.dripMs ?? 0, dropAt !== undefined);
  }

  function sendEvents(res: ServerResponse, record: MockRequest, events: MockEvent[], step: MockStep): void {
    record.status = 200;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "x-request-id": `req_mock_${requests.length}` });
    const frames = events.map((e) => Buffer.from(`${e.event === undefined ? "" : `event: ${e.event}\n`}data: ${e.data}\n\n`));
    if (step.kind === "drop") {
      // Cut the stream after `afterBytes` bytes of events.
      const all = Buffer.concat(frames).subarray(0, step.afterBytes);
      return writePieces(res, record, [all], 0, /* drop */ true);
    }
    writePieces(res, record, frames, step.dripMs ?? 0, false);
  }

  /** Write pieces `dripMs` apart, then end (or destroy the socket to drop the connection). */
  function writePieces(res: ServerResponse, record: MockRequest, pieces: Buffer[], dripMs: number, drop: boolean): void {
    let i = 0;
    let timer: NodeJS.Timeout | undefined;
    res.on("close", () => clearTimeout(timer));
    const next = (): void => {
      if (res.destroyed) return;
      const piece = pieces[i++];
      if (piece !== undefined) {
        record.reply += piece.toString("utf8");
        res.write(piece);
      }
      if (i < pieces.length) {
        timer = setTimeout(next, dripMs);
        return;
      }
      if (drop) setImmediate(() => res.socket?.destroy());
      else res.end(() => (record.complete = true));
    };
    next();
  }

  /** A body of `bytes` bytes, written in 64 KiB pieces as the client reads them (never built whole). */
  function sendOversized(res: ServerResponse, record: MockRequest, step: Extract<MockStep, { kind: "oversized" }>): void {
    record.status = 200;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (step.declareLength) headers["content-length"] = String(step.bytes);
    res.writeHead(200, headers);
    const piece = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < step.bytes && !res.destroyed) {
        const n = Math.min(piece.length, step.bytes - sent);
        sent += n;
        record.reply = `${sent} bytes`;
        if (!res.write(n === piece.length ? piece : piece.subarray(0, n))) return void res.once("drain", pump);
      }
      if (!res.destroyed) res.end(() => (record.complete = true));
    };
    pump();
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    script,
    reset() {
      requests.length = 0;
      queues.clear();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function presentedKey(dialect: ProviderName, headers: IncomingHttpHeaders): string | undefined {
  if (dialect === "gemini") return headers["x-goog-api-key"] as string | undefined;
  if (dialect === "anthropic") return headers["x-api-key"] as string | undefined;
  const auth = headers["authorization"];
  return auth?.startsWith("Bearer ") ? auth.slice("Bearer ".length) : undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
