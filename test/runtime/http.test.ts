/**
 * The transport over real sockets: retries, Retry-After, budgets (deadline during a trickle,
 * abort, size), error bodies and connection failures.
 */
import { inspect } from "node:util";
import { Agent, type Dispatcher } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { AbortedError, ConnectionError, ProviderError, RateLimitError, ResponseTooLargeError, TimeoutError } from "../../runtime/errors.js";
import { type HttpCall, openStream, sendJson, startHttpCall } from "../../runtime/http.js";
import { resolveCallOptions } from "../../runtime/options.js";
import type { DialectRequest } from "../../runtime/providers/dialect.js";
import type { ExtractOptions } from "../../runtime/types.js";
import { personSpec } from "./helpers/spec.js";
import { startServer, type TestServer } from "./helpers/server.js";

const KEY = "sk-transport-secret-123";
const request: DialectRequest = { method: "POST", path: "/v1/chat/completions", headers: { authorization: `Bearer ${KEY}` }, body: { hello: "world" } };
let server: TestServer;
const calls: HttpCall[] = [];

function startCall(options: ExtractOptions = {}): HttpCall {
  const call = startHttpCall(resolveCallOptions(personSpec(), { baseURL: server.url, apiKey: KEY, model: "m", ...options }, {}));
  calls.push(call);
  return call;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure");
}

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.hits = 0;
  for (const call of calls.splice(0)) call.close();
});

describe("sendJson", () => {
  test("sends the JSON body with the dialect's headers and parses the reply", async () => {
    let seen: { headers: Record<string, unknown>; url?: string } | undefined;
    server.handle((req, res) => {
      seen = { headers: req.headers, ...(req.url ? { url: req.url } : {}) };
      res.writeHead(200, { "content-type": "application/json", "x-request-id": "req_42" });
      res.end('{"ok":true}');
    });
    const call = startCall();
    const reply = await sendJson(call, request);
    expect(reply).toEqual({ status: 200, body: { ok: true }, text: '{"ok":true}', requestId: "req_42" });
    expect(call.attempts).toBe(1);
    expect(seen?.url).toBe("/v1/chat/completions");
    expect(seen?.headers).toMatchObject({ authorization: `Bearer ${KEY}`, "content-type": "application/json" });
  });

  test("a base URL path prefix is kept", async () => {
    let url: string | undefined;
    server.handle((req, res) => {
      url = req.url;
      res.end("{}");
    });
    await sendJson(startCall({ baseURL: `${server.url}/relay/v1/` }), request);
    expect(url).toBe("/relay/v1/chat/completions");
  });

  test("retries 503 and 529, honouring retry-after-ms", async () => {
    server.handle((_req, res, i) => {
      if (i < 2) {
        res.writeHead(i === 0 ? 503 : 529, { "retry-after-ms": "5" });
        res.end('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}');
      } else res.end('{"ok":1}');
    });
    const call = startCall();
    expect((await sendJson(call, request)).body).toEqual({ ok: 1 });
    expect(call.attempts).toBe(3);
  });

  test("5xx retries exhausted: ProviderError with the parsed body", async () => {
    server.handle((_req, res) => {
      res.writeHead(500, { "retry-after-ms": "1", "x-request-id": "req_500" });
      res.end('{"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}');
    });
    const call = startCall();
    const e = (await failure(sendJson(call, request))) as ProviderError;
    expect(e).toBeInstanceOf(ProviderError);
    expect(e).toMatchObject({ status: 500, type: "server_error", retryable: true, attempts: 3, requestId: "req_500", provider: "openai" });
    expect(e.message).toBe("openai returned HTTP 500: The server had an error");
    expect(e.body).toEqual({ error: { message: "The server had an error", type: "server_error", param: null, code: null } });
    expect(server.hits).toBe(3);
  });

  test("429 with Retry-After seconds is waited for, then RateLimitError when out of retries", async () => {
    server.handle((_req, res, i) => {
      if (i === 0) {
        res.writeHead(429, { "retry-after": "1" });
        res.end('{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}');
      } else {
        res.writeHead(429, { "retry-after-ms": "1500" });
        res.end('{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}');
      }
    });
    const started = Date.now();
    const e = (await failure(sendJson(startCall({ maxRetries: 1 }), request))) as RateLimitError;
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(e).toBeInstanceOf(RateLimitError);
    expect(e).toMatchObject({ code: "EG_RATE_LIMIT", status: 429, retryAfterMs: 1500, attempts: 2 });
  });

  test("Gemini RetryInfo in the body sets the delay", async () => {
    server.handle((_req, res, i) => {
      if (i === 0) {
        res.writeHead(429);
        res.end('{"error":{"code":429,"message":"quota","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"0.02s"}]}}');
      } else res.end("{}");
    });
    const call = startCall({ maxRetries: 1 });
    await sendJson(call, request);
    expect(call.attempts).toBe(2);
  });

  test("an exhausted quota (insufficient_quota) is not retried", async () => {
    server.handle((_req, res) => {
      res.writeHead(429);
      res.end('{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}');
    });
    const e = await failure(sendJson(startCall(), request));
    expect(e).toBeInstanceOf(RateLimitError);
    expect(server.hits).toBe(1);
  });

  test("x-should-retry: false stops retries", async () => {
    server.handle((_req, res) => {
      res.writeHead(503, { "x-should-retry": "false" });
      res.end("{}");
    });
    const e = (await failure(sendJson(startCall(), request))) as ProviderError;
    expect(e.retryable).toBe(false);
    expect(server.hits).toBe(1);
  });

  test("400 is not retried", async () => {
    server.handle((_req, res) => {
      res.writeHead(400);
      res.end('{"error":{"message":"Invalid schema","type":"invalid_request_error","param":"response_format","code":null}}');
    });
    const e = (await failure(sendJson(startCall(), request))) as ProviderError;
    expect(e).toMatchObject({ status: 400, retryable: false, attempts: 1 });
  });

  test.each([
    ["HTML from a proxy", "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "non-JSON body: 502 Bad Gateway"],
    ["empty body", "", "empty body (HTTP 502)"],
    ["Anthropic shape", '{"type":"error","error":{"type":"api_error","message":"Internal"}}', "Internal"],
    ["Google shape", '{"error":{"code":502,"message":"Bad upstream","status":"UNAVAILABLE"}}', "Bad upstream"],
  ])("error body: %s", async (_name, body, message) => {
    server.handle((_req, res) => {
      res.writeHead(502, { "retry-after-ms": "1" });
      res.end(body);
    });
    const e = (await failure(sendJson(startCall({ maxRetries: 0 }), request))) as ProviderError;
    expect(e.message).toBe(`openai returned HTTP 502: ${message}`);
  });

  test("a 200 that is not JSON is a ProviderError", async () => {
    server.handle((_req, res) => res.end("<html>maintenance</html>"));
    const e = (await failure(sendJson(startCall(), request))) as ProviderError;
    expect(e).toBeInstanceOf(ProviderError);
    expect(e.message).toContain("reply is not JSON");
  });

  test("the API key echoed by an error body is redacted everywhere", async () => {
    server.handle((_req, res) => {
      res.writeHead(401);
      res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}`, type: "invalid_request_error", code: "invalid_api_key" } }));
    });
    const e = await failure(sendJson(startCall(), request));
    for (const view of [e.message, String(e.stack), inspect(e, { depth: 10 }), JSON.stringify(e)]) expect(view).not.toContain(KEY);
    expect(e.message).toContain("[redacted]");
  });

  test("connection refused: retried, then ConnectionError naming the base URL without credentials", async () => {
    const closed = await startServer();
    const url = closed.url;
    await closed.close();
    const call = startHttpCall(resolveCallOptions(personSpec(), { baseURL: url.replace("http://", "http://user:topsecret@"), apiKey: KEY, model: "m", maxRetries: 1 }, {}));
    const e = await failure(sendJson(call, request));
    call.close();
    expect(e).toBeInstanceOf(ConnectionError);
    expect(e.message).toMatch(/^connection failed: ECONNREFUSED \(http:\/\/127\.0\.0\.1:\d+\)$/);
    expect(inspect(e, { depth: 10 })).not.toContain("topsecret");
    expect((e as ConnectionError).attempts).toBe(2);
  });

  test("a body dropped mid-way is retried", async () => {
    server.handle((req, res, i) => {
      if (i === 0) {
        res.writeHead(200, { "content-length": "100" });
        res.write('{"partial":');
        setTimeout(() => req.socket.destroy(), 10);
      } else res.end('{"whole":true}');
    });
    const call = startCall();
    expect((await sendJson(call, request)).body).toEqual({ whole: true });
    expect(call.attempts).toBe(2);
  });

  test("a dropped connection on every attempt is a ConnectionError", async () => {
    server.handle((req) => req.socket.destroy());
    const e = await failure(sendJson(startCall({ maxRetries: 1 }), request));
    expect(e).toBeInstanceOf(ConnectionError);
    expect(server.hits).toBe(2);
  });

  test("timeoutMs holds while a body trickles in, and the socket is closed", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{");
      const drip = setInterval(() => res.write(" "), 20);
      res.on("close", () => clearInterval(drip));
    });
    const started = Date.now();
    const e = await failure(sendJson(startCall({ timeoutMs: 300 }), request));
    expect(e).toBeInstanceOf(TimeoutError);
    expect((e as TimeoutError).timeoutMs).toBe(300);
    expect(Date.now() - started).toBeLessThan(1500);
    await server.socketsClosed();
  });

  test("timeoutMs covers waiting for headers", async () => {
    server.handle(() => undefined);
    const e = await failure(sendJson(startCall({ timeoutMs: 200 }), request));
    expect(e).toBeInstanceOf(TimeoutError);
    await server.socketsClosed();
  });

  test("a Retry-After past the deadline ends the call at once with the provider's error", async () => {
    server.handle((_req, res) => {
      res.writeHead(429, { "retry-after": "30" });
      res.end('{"error":{"message":"slow down","type":"requests"}}');
    });
    const started = Date.now();
    const e = await failure(sendJson(startCall({ timeoutMs: 2000 }), request));
    expect(e).toBeInstanceOf(RateLimitError);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test("signal aborts a pending request at once and closes the socket", async () => {
    server.handle(() => undefined);
    const controller = new AbortController();
    const pending = failure(sendJson(startCall({ signal: controller.signal }), request));
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const e = await pending;
    expect(e).toBeInstanceOf(AbortedError);
    expect(Date.now() - started).toBeLessThan(500);
    await server.socketsClosed();
  });

  test("signal aborts a backoff wait", async () => {
    server.handle((_req, res) => {
      res.writeHead(503, { "retry-after-ms": "20000" });
      res.end("{}");
    });
    const controller = new AbortController();
    const pending = failure(sendJson(startCall({ signal: controller.signal, maxRetries: 1 }), request));
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    expect(await pending).toBeInstanceOf(AbortedError);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test("an already aborted signal sends nothing", () => {
    expect(() => startCall({ signal: AbortSignal.abort() })).toThrow(AbortedError);
    expect(server.hits).toBe(0);
  });

  test("maxResponseBytes: a declared larger body is refused before reading", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-length": String(1024 * 1024) });
      res.write(Buffer.alloc(64 * 1024, 0x20));
    });
    const e = await failure(sendJson(startCall({ maxResponseBytes: 1024 }), request));
    expect(e).toBeInstanceOf(ResponseTooLargeError);
    expect((e as ResponseTooLargeError).limit).toBe(1024);
  });

  test("maxResponseBytes: an undeclared larger body stops being read", async () => {
    let written = 0;
    const total = 64 * 1024 * 1024;
    server.handle((_req, res) => {
      res.writeHead(200);
      const piece = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (written < total && !res.destroyed) {
          written += piece.length;
          if (!res.write(piece)) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
    });
    const e = await failure(sendJson(startCall({ maxResponseBytes: 1024 * 1024 }), request));
    expect(e).toBeInstanceOf(ResponseTooLargeError);
    await server.socketsClosed();
    // The client stopped reading: far less than the whole body ever left the server.
    expect(written).toBeLessThan(total / 4);
  });

  test("a user-supplied Dispatcher carries the requests", async () => {
    let dispatched = 0;
    class CountingAgent extends Agent {
      override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
        dispatched++;
        return super.dispatch(options, handler);
      }
    }
    const client = new CountingAgent();
    server.handle((_req, res) => res.end("{}"));
    await sendJson(startCall({ client }), request);
    expect(dispatched).toBe(1);
    await client.close();
  });
});

describe("openStream", () => {
  async function collect(body: AsyncIterable<Uint8Array>): Promise<string> {
    let text = "";
    for await (const chunk of body) text += Buffer.from(chunk).toString("utf8");
    return text;
  }

  test("returns status and headers, then the body chunk by chunk", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream", "x-request-id": "req_s" });
      res.write("data: 1\n\n");
      setTimeout(() => res.end("data: 2\n\n"), 20);
    });
    const stream = await openStream(startCall(), request);
    expect(stream.status).toBe(200);
    expect(stream.requestId).toBe("req_s");
    expect(stream.headers["content-type"]).toBe("text/event-stream");
    expect(await collect(stream.body)).toBe("data: 1\n\ndata: 2\n\n");
  });

  test("failures before the first byte are retried", async () => {
    server.handle((_req, res, i) => {
      if (i === 0) {
        res.writeHead(529, { "retry-after-ms": "1" });
        res.end('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}');
      } else res.end("data: ok\n\n");
    });
    const call = startCall();
    expect(await collect((await openStream(call, request)).body)).toBe("data: ok\n\n");
    expect(call.attempts).toBe(2);
  });

  test("a drop mid-stream is a ConnectionError (not retried here)", async () => {
    server.handle((req, res) => {
      res.writeHead(200);
      res.write("data: 1\n\n");
      setTimeout(() => req.socket.destroy(), 20);
    });
    const call = startCall();
    const stream = await openStream(call, request);
    expect(await failure(collect(stream.body))).toBeInstanceOf(ConnectionError);
    expect(call.attempts).toBe(1);
  });

  test("the deadline holds while events trickle in", async () => {
    server.handle((_req, res) => {
      res.writeHead(200);
      const drip = setInterval(() => res.write(": keep-alive\n\n"), 20);
      res.on("close", () => clearInterval(drip));
    });
    const stream = await openStream(startCall({ timeoutMs: 300 }), request);
    expect(await failure(collect(stream.body))).toBeInstanceOf(TimeoutError);
    await server.socketsClosed();
  });

  test("abort mid-stream ends the iteration and closes the socket", async () => {
    server.handle((_req, res) => {
      res.writeHead(200);
      res.write("data: 1\n\n");
    });
    const controller = new AbortController();
    const stream = await openStream(startCall({ signal: controller.signal }), request);
    setTimeout(() => controller.abort(), 50);
    expect(await failure(collect(stream.body))).toBeInstanceOf(AbortedError);
    await server.socketsClosed();
  });

  test("a stream past maxResponseBytes fails", async () => {
    server.handle((_req, res) => {
      res.writeHead(200);
      res.write(Buffer.alloc(4096, 0x61));
    });
    const stream = await openStream(startCall({ maxResponseBytes: 1000 }), request);
    expect(await failure(collect(stream.body))).toBeInstanceOf(ResponseTooLargeError);
  });

  test("leaving the loop early closes the connection", async () => {
    server.handle((_req, res) => {
      res.writeHead(200);
      res.write("data: 1\n\n");
    });
    const stream = await openStream(startCall(), request);
    for await (const _chunk of stream.body) break;
    await server.socketsClosed();
  });
});
