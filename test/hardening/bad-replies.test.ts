/**
 * Hostile replies (#9 point 4), over real HTTP from a server on 127.0.0.1 that answers as no
 * provider should: floods, 200,000-level nesting, one byte at a time, prototype keys, invalid
 * UTF-8, HTML pages and missing content types. Each one ends in an ExtractError (or a lenient
 * parse where that is the right answer), never a crash, a hang or a polluted prototype.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runBatchFile } from "../../runtime/batch/run-file.js";
import {
  type ExtractError,
  type ExtractOptions,
  type ExtractorSpec,
  extract,
  isExtractError,
  ProviderError,
  ResponseTooLargeError,
  stream,
  TimeoutError,
  ValidationError,
} from "../../runtime/index.js";
import { startServer, type TestServer } from "../runtime/helpers/server.js";
import { personSpec } from "../runtime/helpers/spec.js";
import { anthropicToolReply, chatEvents, chatReply, drip, flood, nestedArrays } from "./helpers/replies.js";
import { specFromSchema } from "./helpers/spec.js";

const MiB = 1024 * 1024;
const DEEP = 200_000;

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const options = (extra: ExtractOptions = {}): ExtractOptions => ({ baseURL: server.url, apiKey: "sk-hardening-0000", model: "m", maxRetries: 0, maxRepairs: 0, timeoutMs: 10_000, ...extra });

/** Serve `body` with `type` (no content-type header when null) to every request. */
function serve(body: string | Buffer, type: string | null = "application/json", status = 200): void {
  server.handle((_req, res) => {
    if (type === null) res.removeHeader("content-type");
    else res.setHeader("content-type", type);
    res.statusCode = status;
    res.end(body);
  });
}

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<ExtractError> {
  const error = await promise.then(
    () => expect.fail("expected the call to fail"),
    (e: unknown) => e,
  );
  if (!isExtractError(error)) throw error;
  return error;
}

/** Iterate a stream to its end and return what final() gives, or throw its error. */
async function drain<T>(s: AsyncIterable<unknown> & { final(): Promise<T> }): Promise<T> {
  for await (const _ of s);
  return s.final();
}

/** The highest heap + external (Buffer) memory seen while `run` goes on, above what was in use before. */
async function peakGrowth<T>(run: () => Promise<T>): Promise<{ result: T; peak: number }> {
  const used = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const base = used();
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, used())), 1);
  try {
    const result = await run();
    return { result, peak: Math.max(peak, used()) - base };
  } finally {
    clearInterval(sampler);
  }
}

describe("a 64 MiB reply", () => {
  const LIMIT = 4 * MiB;
  const TOTAL = 64 * MiB;

  for (const [name, call, type] of [
    ["extract", (o: ExtractOptions) => extract(personSpec(), "x", o), "application/json"],
    ["stream", (o: ExtractOptions) => drain(stream(personSpec(), "x", o)), "text/event-stream"],
  ] as const) {
    test(`${name}: cut off at maxResponseBytes with ResponseTooLargeError, never buffered whole`, async () => {
      let sent = (): number => 0;
      server.handle((_req, res) => {
        res.writeHead(200, { "content-type": type });
        sent = flood(res, TOTAL, Buffer.from(" "));
      });
      const { result: error, peak } = await peakGrowth(() => rejection(call(options({ maxResponseBytes: LIMIT }))));
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(error.message).toContain(`${LIMIT} bytes`);
      // The client hung up near the limit: the server never got to send the rest.
      await server.socketsClosed();
      expect(sent()).toBeLessThan(TOTAL / 2);
      expect(peak).toBeLessThan(TOTAL / 2);
    });
  }

  test("a declared content-length over the limit is refused before the body is read", async () => {
    let sent = (): number => 0;
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(TOTAL) });
      sent = flood(res, TOTAL, Buffer.from(" "));
    });
    const error = await rejection(extract(personSpec(), "x", options({ maxResponseBytes: LIMIT })));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    await server.socketsClosed();
    expect(sent()).toBeLessThan(LIMIT);
  });
});

describe("200,000 levels of nesting", () => {
  const TOO_DEEP = /nests objects and arrays deeper than \d+ levels/;
  let recursive: ExtractorSpec<unknown>;
  let anything: ExtractorSpec<unknown>;
  beforeAll(async () => {
    // A tree whose restore plan and validator recurse with the reply: the worst case for the stack.
    recursive = await specFromSchema("Tree", {
      title: "Tree",
      $ref: "#/$defs/node",
      $defs: { node: { type: "object", properties: { label: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/node" } } } } },
    });
    anything = await specFromSchema("Anything", { title: "Anything" });
  });
  const deepTree = (): string => '{"children":['.repeat(DEEP) + "{}" + "]}".repeat(DEEP);

  test("extract: deep answer text is a ValidationError, for a closed, a recursive and an any-value schema", async () => {
    for (const [spec, answer] of [
      [personSpec() as ExtractorSpec<unknown>, nestedArrays(DEEP)],
      [recursive, deepTree()],
      [anything, nestedArrays(DEEP)],
    ] as const) {
      serve(chatReply(answer));
      const error = await rejection(extract(spec, "x", options()));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]!.message).toMatch(TOO_DEEP);
    }
  });

  test("extract: deep forced-tool input (Anthropic) is a ValidationError, not a RangeError", async () => {
    const base = personSpec();
    const spec = { ...base, wire: { ...base.wire, anthropic: { ...base.wire.anthropic, mode: "tool" as const } } };
    serve(anthropicToolReply(spec.wire.anthropic.toolName, nestedArrays(DEEP)));
    const error = await rejection(extract(spec, "x", options({ provider: "anthropic" })));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.message).toMatch(TOO_DEEP);
  });

  test("extract: a deep error body is a ProviderError with the status, not a connection failure", async () => {
    serve(nestedArrays(30_000), "application/json", 400);
    const error = await rejection(extract(personSpec(), "x", options({ maxRetries: 2 })));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).status).toBe(400);
    expect(error.attempts).toBe(1);
  });

  test("stream: deep event-stream and JSON replies end in ValidationError; no snapshot is deeper than the limit", async () => {
    for (const [spec, body, type] of [
      [recursive, chatEvents(deepTree()), "text/event-stream"],
      [anything, chatEvents(nestedArrays(DEEP)), "text/event-stream"],
      [anything, chatReply(nestedArrays(DEEP)), "application/json"],
    ] as const) {
      serve(body, type);
      const s = stream(spec, "x", options());
      let deepest = 0;
      const error = await rejection(
        (async () => {
          for await (const snapshot of s) deepest = Math.max(deepest, depthOf(snapshot));
          return s.final();
        })(),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]!.message).toMatch(TOO_DEEP);
      // Snapshots are safe to serialise: the parser stopped at the limit.
      expect(deepest).toBeLessThanOrEqual(1024);
    }
  });

  test("batch: the deep reply is one error line; the run finishes and every other line is written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "extractgen-harden-batch-"));
    try {
      const input = join(dir, "in.jsonl");
      writeFileSync(input, ['{"id":"a","text":"ok"}', '{"id":"deep","text":"deep"}', '{"id":"b","text":"ok"}'].join("\n"));
      let calls = 0;
      server.handle((_req, res) => {
        res.setHeader("content-type", "application/json");
        // One call at a time, in input order: the second is "deep".
        res.end(++calls === 2 ? chatReply(nestedArrays(DEEP)) : chatReply('{"any":1}'));
      });
      const summary = await runBatchFile(anything, { ...options(), input, output: join(dir, "out.jsonl"), concurrency: 1 });
      expect(summary.outcome).toBe("finished");
      expect(summary.succeeded).toBe(2);
      const errors = readFileSync(join(dir, "out.errors.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { id: string; error: { code: string } });
      expect(errors).toEqual([{ id: "deep", error: expect.objectContaining({ code: "EG_VALIDATION" }) }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Nesting depth of a value, iteratively (the value may be deep). */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, depth] = top;
    if (node === null || typeof node !== "object") continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

describe("a server that drips one byte at a time", () => {
  const TIMEOUT = 400;
  const answer = '{"name":"Ada","tags":[],"age":null}';

  for (const [name, call, body] of [
    ["extract", (o: ExtractOptions) => extract(personSpec(), "x", o), chatReply(answer)],
    ["stream", (o: ExtractOptions) => drain(stream(personSpec(), "x", o)), chatEvents(answer)],
  ] as const) {
    test(`${name}: cannot outlast timeoutMs, in the body or before the headers`, async () => {
      for (const handler of [
        (res: Parameters<typeof drip>[0]) => {
          res.writeHead(200, { "content-type": name === "stream" ? "text/event-stream" : "application/json" });
          drip(res, body, 30);
        },
        // Nothing at all until long after the deadline.
        (res: Parameters<typeof drip>[0]) => void setTimeout(() => !res.destroyed && res.end(body), 5_000),
      ]) {
        server.handle((_req, res) => handler(res));
        const started = Date.now();
        const error = await rejection(call(options({ timeoutMs: TIMEOUT, maxRetries: 2 })));
        expect(error).toBeInstanceOf(TimeoutError);
        // The deadline, plus scheduling slack on a loaded machine.
        expect(Date.now() - started).toBeLessThan(TIMEOUT + 1_500);
      }
    });
  }

  test("stream: multi-byte characters cut between bytes arrive whole", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      drip(res, chatEvents('{"name":"Zoë €😀","tags":["日本"],"age":null}'), 1);
    });
    expect(await drain(stream(personSpec(), "x", options()))).toEqual({ name: "Zoë €😀", tags: ["日本"] });
  });
});

describe("prototype keys in a reply", () => {
  // Written as text: an object literal's __proto__ would set the prototype, and JSON.stringify drops it.
  const answer =
    '{"name":"Ada","tags":[],"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"},' +
    '"nested":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}},"map":{"__proto__":"p","constructor":"c"}}';
  let open: ExtractorSpec<unknown>;
  let closed: ExtractorSpec<unknown>;
  beforeAll(async () => {
    // Open objects keep every key; a map lowers to key/value entries for OpenAI and is rebuilt by the restore plan.
    open = await specFromSchema("Open", {
      title: "Open",
      type: "object",
      properties: { name: { type: "string" }, nested: { type: "object", additionalProperties: true }, map: { type: "object", additionalProperties: { type: "string" } } },
      additionalProperties: true,
    });
    closed = await specFromSchema("Closed", { title: "Closed", type: "object", properties: { name: { type: "string" } }, required: ["name"] });
  });

  function expectNoPollution(): void {
    for (const proto of [Object.prototype, Array.prototype, Function.prototype]) {
      expect(Object.getOwnPropertyNames(proto)).not.toContain("polluted");
    }
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  }

  test("extract keeps them as own data of an ordinary object, or drops them from a closed one", async () => {
    serve(chatReply(answer));
    const data = (await extract(open, "x", options())).data as Record<string, unknown>;
    expectNoPollution();
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.hasOwn(data, "__proto__")).toBe(true);
    const map = data["map"] as Record<string, unknown>;
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
    expect(Object.keys(map)).toEqual(expect.arrayContaining(["__proto__", "constructor"]));

    expect((await extract(closed, "x", options())).data).toEqual({ name: "Ada" });
    expectNoPollution();
  });

  test("map entries named __proto__ (the restore plan's key/value lists) stay own keys", async () => {
    serve(chatReply(JSON.stringify({ name: "Ada", map: [{ key: "__proto__", value: "p" }, { key: "constructor", value: "c" }] })));
    const data = (await extract(open, "x", options())).data as Record<string, Record<string, unknown>>;
    expectNoPollution();
    expect(Object.getPrototypeOf(data["map"])).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(data["map"], "__proto__")?.value).toBe("p");
  });

  test("stream snapshots and the final value keep them as own data", async () => {
    serve(chatEvents(answer), "text/event-stream");
    const s = stream(open, "x", options());
    for await (const snapshot of s) expect(Object.getPrototypeOf(snapshot)).toBe(Object.prototype);
    const data = (await s.final()) as Record<string, unknown>;
    expectNoPollution();
    expect(Object.hasOwn(data, "__proto__")).toBe(true);
  });

  test("batch output lines hold them as data, and reading the files back pollutes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "extractgen-harden-batch-"));
    try {
      const input = join(dir, "in.jsonl");
      writeFileSync(input, '{"id":"__proto__","text":"x"}\n{"id":"constructor","text":"y"}\n');
      serve(chatReply(answer));
      const output = join(dir, "out.jsonl");
      const first = await runBatchFile(open, { ...options(), input, output });
      expect(first.succeeded).toBe(2);
      // The second run reads the ids back from the output (resume) and skips both.
      const second = await runBatchFile(open, { ...options(), input, output });
      expect(second.skipped).toBe(2);
      expectNoPollution();
      expect(readFileSync(output, "utf8")).toContain('"__proto__":{"polluted":"yes"}');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("invalid UTF-8 and wrong content types", () => {
  const answer = '{"name":"Ada","tags":[],"age":null}';

  test("an HTML page with status 200 is a ProviderError naming the page, not retried (extract and stream)", async () => {
    serve("<!doctype html><html><head><title>Captive portal login</title></head><body>sign in</body></html>", "text/html");
    for (const call of [() => extract(personSpec(), "x", options({ maxRetries: 2 })), () => drain(stream(personSpec(), "x", options({ maxRetries: 2 })))]) {
      const error = await rejection(call());
      expect(error).toBeInstanceOf(ProviderError);
      expect(error.message).toContain("Captive portal login");
      expect((error as ProviderError).retryable).toBe(false);
      expect(error.attempts).toBe(1);
    }
  });

  test("a missing content-type is read by what the body is (extract; stream with JSON or events)", async () => {
    serve(chatReply(answer), null);
    expect((await extract(personSpec(), "x", options())).data).toEqual({ name: "Ada", tags: [] });
    expect(await drain(stream(personSpec(), "x", options()))).toEqual({ name: "Ada", tags: [] });
    serve(chatEvents(answer), null);
    expect(await drain(stream(personSpec(), "x", options()))).toEqual({ name: "Ada", tags: [] });
  });

  test("invalid UTF-8 inside a string becomes U+FFFD (as fetch decodes), then the schema decides", async () => {
    const withBadBytes = (text: string): Buffer => {
      const bytes = Buffer.from(text);
      const at = bytes.indexOf("@@");
      bytes[at] = 0xc3; // a lead byte followed by "(" is not UTF-8
      bytes[at + 1] = 0x28;
      return bytes;
    };
    const bad = '{"name":"A@@","tags":[],"age":null}';
    serve(withBadBytes(chatReply(bad)));
    expect((await extract(personSpec(), "x", options())).data).toEqual({ name: "A\uFFFD(", tags: [] });
    serve(withBadBytes(chatEvents(bad)), "text/event-stream");
    expect(await drain(stream(personSpec(), "x", options()))).toEqual({ name: "A\uFFFD(", tags: [] });
  });

  test("invalid UTF-8 outside the JSON is a ProviderError saying the reply is not JSON", async () => {
    serve(Buffer.concat([Buffer.from(chatReply(answer)), Buffer.from([0xff, 0xfe])]));
    const error = await rejection(extract(personSpec(), "x", options()));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toContain("reply is not JSON");
  });
});
