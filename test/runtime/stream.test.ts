/**
 * stream() over a real socket with a hand-scripted server: snapshot semantics, consumer speed,
 * cancellation and cut connections. The dialect-by-dialect outcomes against the mock provider are
 * in test/e2e/stream.test.ts.
 */
import { readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isExtractError } from "../../runtime/errors.js";
import { stream } from "../../runtime/stream.js";
import type { DeepPartial, ExtractOptions } from "../../runtime/types.js";
import { startServer, type TestServer } from "./helpers/server.js";
import { type Order, orderSpec, tagsSpec } from "./helpers/stream-specs.js";
import { growsInto } from "../helpers/grows-into.js";

const transcript = (dialect: string, name: string): string => readFileSync(new URL(`../../fixtures/transcripts/${dialect}/${name}.sse`, import.meta.url), "utf8");

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const options = (more: ExtractOptions = {}): ExtractOptions => ({ baseURL: server.url, apiKey: "test-key", model: "m", provider: "openai", maxRetries: 0, ...more });

/**
 * Serve an event stream: `text` in `size`-byte pieces (or the given pieces), `gapMs` apart;
 * `end: false` leaves the response open.
 */
function serveSse(text: string | readonly string[], size: number, gapMs = 0, end = true): void {
  server.handle((_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    const pieces = typeof text === "string" ? split(Buffer.from(text), size) : text.map((piece) => Buffer.from(piece));
    writeSlowly(res, pieces, gapMs, end);
  });
}

function split(bytes: Buffer, size: number): Buffer[] {
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) pieces.push(bytes.subarray(at, at + size));
  return pieces;
}

function writeSlowly(res: ServerResponse, pieces: readonly Buffer[], gapMs: number, end: boolean): void {
  let at = 0;
  const next = (): void => {
    if (res.destroyed) return;
    const piece = pieces[at++];
    if (piece === undefined) {
      if (end) res.end();
      return;
    }
    res.write(piece);
    if (gapMs > 0) setTimeout(next, gapMs);
    else setImmediate(next);
  };
  next();
}

/** OpenAI Chat events carrying `contents` as deltas, then the finish and [DONE]: one string per event. */
function chatEvents(contents: readonly string[]): string[] {
  const event = (data: unknown): string => `data: ${JSON.stringify(data)}\n\n`;
  return [
    ...contents.map((content) => event({ choices: [{ index: 0, delta: { content }, finish_reason: null }] })),
    event({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }),
    "data: [DONE]\n\n",
  ];
}

/** Collect copies of every snapshot, then the final value. */
async function collect<T>(s: AsyncIterable<DeepPartial<T>> & { final(): Promise<T> }): Promise<{ snapshots: unknown[]; final: T }> {
  const snapshots: unknown[] = [];
  for await (const snapshot of s) snapshots.push(structuredClone(snapshot));
  return { snapshots, final: await s.final() };
}

const WANT: Order = {
  id: "O-17",
  status: "shipped",
  customer: { name: "Ada Lovelace – Zürich", tier: "gold" },
  lines: [
    { kind: "line", sku: "A-1", qty: 2 },
    { kind: "line", sku: "B-22", qty: 1 },
  ],
};

describe("stream: snapshots", () => {
  test("snapshots grow into the final value: enums whole, null-for-absent hidden, multi-byte characters intact", async () => {
    serveSse(transcript("openai", "stream-success"), 7);
    const s = stream(orderSpec(), "order text", options());
    const { snapshots, final } = await collect(s);
    expect(final).toEqual(WANT);
    expect(snapshots.length).toBeGreaterThan(10);
    for (const snapshot of snapshots) expect(growsInto(snapshot, final), JSON.stringify(snapshot)).toBe(true);
    // "shipped" never shows as a prefix, and the null `note` is never shown.
    expect(snapshots.some((v) => (v as Order).status !== undefined && (v as Order).status !== "shipped")).toBe(false);
    expect(snapshots.some((v) => "note" in (v as object))).toBe(false);
    expect(snapshots.at(-1)).toEqual(WANT);
    const result = await s.result();
    expect(result.usage).toEqual({ inputTokens: 118, outputTokens: 57, totalTokens: 175, reasoningTokens: 0 });
    expect(result.model).toBe("gpt-4o-mini-2024-07-18");
    expect(result.attempts).toBe(1);
  });

  test("a wrapped root is unwrapped in snapshots", async () => {
    serveSse(chatEvents(['{"value":["al', 'pha","be', 'ta"]}']), 0, 5);
    const { snapshots, final } = await collect(stream(tagsSpec(), "tags", options()));
    expect(snapshots).toEqual([["al"], ["alpha", "be"], ["alpha", "beta"]]);
    expect(final).toEqual(["alpha", "beta"]);
  });

  test("a consumer slower than the network gets the latest snapshot, not a backlog", async () => {
    serveSse(transcript("openai", "stream-success"), 5);
    const s = stream(orderSpec(), "order text", options());
    const iterator = s[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.done).toBe(false);
    // Dozens of chunks arrive while the consumer is busy; it then gets only the latest state.
    await s.final();
    expect(await iterator.next()).toEqual({ done: false, value: WANT });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  test("a relay that answers with plain JSON instead of SSE gives one snapshot and the value", async () => {
    const content = JSON.stringify({ ...WANT, note: null });
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, finish_reason: "stop" }], usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } }));
    });
    const s = stream(orderSpec(), "order text", options());
    expect(await collect(s)).toEqual({ snapshots: [WANT], final: WANT });
    expect((await s.result()).usage).toEqual({ inputTokens: 5, outputTokens: 7, totalTokens: 12 });
  });

  test("final() alone, without iterating, gives the validated value", async () => {
    serveSse(transcript("openai", "stream-success"), 64);
    await expect(stream(orderSpec(), "order text", options()).final()).resolves.toEqual(WANT);
  });
});

describe("stream: ending badly", () => {
  test("a reply that fails validation ends the iteration and final() with ValidationError", async () => {
    serveSse(chatEvents([JSON.stringify({ ...WANT, note: null, lines: [{ kind: "line", sku: "A-1", qty: 0 }] })]), 0);
    const s = stream(orderSpec(), "order text", options());
    await expect(collect(s)).rejects.toMatchObject({ code: "EG_VALIDATION", issues: [{ path: "/lines/0/qty" }] });
    await expect(s.final()).rejects.toMatchObject({ code: "EG_VALIDATION" });
  });

  test("a connection cut mid-stream is a ConnectionError, never a silent end", async () => {
    const text = transcript("openai", "stream-success");
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(text.slice(0, text.length / 2));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const s = stream(orderSpec(), "order text", options());
    await expect(collect(s)).rejects.toMatchObject({ code: "EG_CONNECTION" });
  });

  test("a stream that ends cleanly before its finish event is a ConnectionError", async () => {
    const text = transcript("openai", "stream-success");
    serveSse(text.slice(0, text.indexOf('"finish_reason":"stop"') - 200), 64);
    const s = stream(orderSpec(), "order text", options());
    const error = await s.final().catch((e: unknown) => e);
    expect(isExtractError(error) && error.code).toBe("EG_CONNECTION");
    expect((error as Error).message).toMatch(/ended before the reply was complete/);
  });

  test("leaving the loop early cancels the call and closes the connection", async () => {
    serveSse(transcript("openai", "stream-success"), 16, 10, /* end */ false);
    const s = stream(orderSpec(), "order text", options());
    for await (const snapshot of s) if (snapshot.customer) break;
    await expect(s.final()).rejects.toMatchObject({ code: "EG_ABORTED" });
    await server.socketsClosed();
  });

  test("aborting the signal ends the iteration at once and closes the connection", async () => {
    serveSse(transcript("openai", "stream-success"), 16, 50, /* end */ false);
    const controller = new AbortController();
    const s = stream(orderSpec(), "order text", options({ signal: controller.signal }));
    const started = Date.now();
    const iteration = collect(s);
    setTimeout(() => controller.abort(), 120);
    await expect(iteration).rejects.toMatchObject({ code: "EG_ABORTED" });
    expect(Date.now() - started).toBeLessThan(1000);
    await server.socketsClosed();
  });

  test("bad options surface through the iteration and final(), not as a throw from stream()", async () => {
    const s = stream(orderSpec(), "order text", options({ timeoutMs: -1 }));
    await expect(s.final()).rejects.toMatchObject({ code: "EG_CONFIG", field: "timeoutMs" });
    await expect(collect(s)).rejects.toMatchObject({ code: "EG_CONFIG" });
  });
});
