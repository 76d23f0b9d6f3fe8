/**
 * Secrets (#9 point 5): the API key and base-URL credentials never show in an error, a log line or
 * an output file. A hostile server on 127.0.0.1 echoes the credential it received into everything
 * it can: error bodies, headers (request id, auth challenges), answer text, refusals, finish
 * reasons, stream error events. The key is given through options, EXTRACTGEN_API_KEY and
 * OPENAI_API_KEY; every runtime error class is provoked and searched (message, stack, cause chain,
 * fields, util.inspect, JSON.stringify). test/runtime/errors.test.ts checks each class built by
 * hand; this file checks what real calls produce.
 */
import { spawn } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { runBatchFile } from "../../runtime/batch/run-file.js";
import * as runtime from "../../runtime/index.js";
import { type ExtractOptions, type ExtractorSpec, extract, isExtractError, stream } from "../../runtime/index.js";
import { BUILT_CLI, ensureBuilt } from "../helpers/built-cli.js";
import { startServer, type TestServer } from "../runtime/helpers/server.js";
import { personSpec } from "../runtime/helpers/spec.js";
import { chatEvents, chatReply, drip } from "./helpers/replies.js";

const KEY = "sk-hostile-echo-7f3a91c2d4e5";
const URL_USER = "relayuser81x";
const URL_PASS = "relaypass93kq";
/** Nothing any of these may contain. */
const SECRETS = [KEY, URL_PASS, `${URL_USER}:`];

let server: TestServer;
/** The credential of the last request, as the server received it. */
let received = "";
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** The credential a request carried, whatever the dialect's header. */
function credentialOf(req: IncomingMessage): string {
  const auth = req.headers["authorization"];
  if (typeof auth === "string") return auth.replace(/^Bearer /, "");
  return String(req.headers["x-api-key"] ?? req.headers["x-goog-api-key"] ?? "");
}

/** Headers that carry the echoed credential (the request id ends up on errors). */
const echoHeaders = (echo: string): Record<string, string> => ({
  "x-request-id": echo,
  "www-authenticate": `Bearer realm="${echo}"`,
  "x-echo": `${echo} ${URL_USER}:${URL_PASS}`,
});

/** An error body in the OpenAI shape that repeats the credential everywhere it can. */
const echoBody = (echo: string): string =>
  JSON.stringify({ error: { message: `Incorrect API key provided: ${echo} (https://${URL_USER}:${URL_PASS}@relay.example)`, type: echo, code: echo, param: echo } });

type Reply = (res: ServerResponse, echo: string) => void;

/** Each scenario: a hostile answer, and the call and provider that meet it. */
const scenarios: { name: string; reply: Reply; provider?: ExtractOptions["provider"]; extra?: ExtractOptions; viaStream?: boolean; abort?: boolean }[] = [
  { name: "401 with the key in body and headers", reply: (res, echo) => res.writeHead(401, { "content-type": "application/json", ...echoHeaders(echo) }).end(echoBody(echo)) },
  { name: "429 with the key in body and headers", reply: (res, echo) => res.writeHead(429, { "content-type": "application/json", "retry-after": "0", ...echoHeaders(echo) }).end(echoBody(echo)) },
  { name: "502 HTML page naming the key", reply: (res, echo) => res.writeHead(502, { "content-type": "text/html" }).end(`<html><title>${echo}</title><body>${echo}</body></html>`) },
  { name: "200 that is not JSON", reply: (res, echo) => res.writeHead(200, { "content-type": "application/json", ...echoHeaders(echo) }).end(`oops ${echo}`) },
  { name: "answer that is not JSON", reply: (res, echo) => res.writeHead(200, { "content-type": "application/json", ...echoHeaders(echo) }).end(chatReply(`your key is ${echo}`)) },
  {
    name: "answer whose keys and values are the key",
    reply: (res, echo) => res.writeHead(200, { "content-type": "application/json" }).end(chatReply(JSON.stringify({ name: "", tags: [echo, 1], [echo]: echo }))),
  },
  {
    name: "refusal quoting the key",
    reply: (res, echo) =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content: null, refusal: `I will not repeat ${echo}` }, finish_reason: "stop" }] })),
  },
  {
    name: "truncated answer holding the key",
    reply: (res, echo) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content: `{"name":"${echo}` }, finish_reason: "length" }] })),
  },
  {
    name: "Gemini block reason that is the key",
    provider: "gemini",
    reply: (res, echo) => res.writeHead(200, { "content-type": "application/json", ...echoHeaders(echo) }).end(JSON.stringify({ promptFeedback: { blockReason: echo } })),
  },
  {
    name: "stream error event with the key",
    viaStream: true,
    reply: (res, echo) => res.writeHead(200, { "content-type": "text/event-stream", ...echoHeaders(echo) }).end(`data: ${echoBody(echo)}\n\n`),
  },
  {
    name: "stream answer that is not JSON",
    viaStream: true,
    reply: (res, echo) => res.writeHead(200, { "content-type": "text/event-stream", ...echoHeaders(echo) }).end(chatEvents(`key: ${echo}`)),
  },
  {
    name: "connection dropped after echoing the key",
    reply: (res, echo) => {
      res.writeHead(200, { "content-type": "application/json", ...echoHeaders(echo) });
      res.write(`{"echo":"${echo}`);
      setTimeout(() => res.destroy(), 10);
    },
  },
  { name: "drip past the deadline", extra: { timeoutMs: 300 }, reply: (res, echo) => (res.writeHead(200, { "content-type": "application/json", ...echoHeaders(echo) }), drip(res, echoBody(echo), 40)) },
  {
    name: "reply over maxResponseBytes",
    extra: { maxResponseBytes: 256 },
    reply: (res, echo) => res.writeHead(200, { "content-type": "application/json", ...echoHeaders(echo) }).end(echoBody(echo).repeat(10)),
  },
  { name: "call aborted while the key drips in", abort: true, reply: (res, echo) => (res.writeHead(200, { "content-type": "application/json", ...echoHeaders(echo) }), drip(res, echoBody(echo), 40)) },
];

/** Where the key comes from. */
const sources: { name: string; options: ExtractOptions; env: Record<string, string> }[] = [
  { name: "options.apiKey", options: { apiKey: KEY }, env: {} },
  { name: "EXTRACTGEN_API_KEY", options: {}, env: { EXTRACTGEN_API_KEY: KEY } },
  { name: "OPENAI_API_KEY", options: {}, env: { OPENAI_API_KEY: KEY } },
];

/** Base URL with credentials in its userinfo (they are not sent; they must not be shown either). */
const baseURL = (): string => server.url.replace("http://", `http://${URL_USER}:${URL_PASS}@`);

/** Every text an error can be turned into, and every string it holds, down its cause chain. */
function viewsOf(error: unknown): string[] {
  const views = [String(error), inspect(error, { showHidden: true, depth: Infinity, getters: true }), JSON.stringify(error)];
  const seen = new Set<unknown>();
  const walk = (value: unknown): void => {
    if (typeof value === "string") views.push(value);
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    for (const name of Object.getOwnPropertyNames(value)) walk((value as Record<string, unknown>)[name]);
  };
  walk(error);
  return views;
}

function expectNoSecret(texts: readonly string[], where: string): void {
  for (const text of texts) for (const secret of SECRETS) expect(text.includes(secret), `${where} shows ${secret}: ${text.slice(0, 300)}`).toBe(false);
}

describe("errors from real calls", () => {
  const classesSeen = new Set<string>();

  for (const source of sources) {
    describe(`key from ${source.name}`, () => {
      beforeAll(() => {
        vi.unstubAllEnvs();
        for (const name of ["EXTRACTGEN_API_KEY", "OPENAI_API_KEY", "EXTRACTGEN_BASE_URL", "OPENAI_BASE_URL"]) vi.stubEnv(name, "");
        for (const [name, value] of Object.entries(source.env)) vi.stubEnv(name, value);
      });
      afterAll(() => vi.unstubAllEnvs());

      for (const scenario of scenarios) {
        test(scenario.name, async () => {
          server.handle((req, res) => {
            received = credentialOf(req);
            scenario.reply(res, received);
          });
          const abort = new AbortController();
          const options: ExtractOptions = { ...source.options, baseURL: baseURL(), model: "m", maxRetries: 0, maxRepairs: 0, timeoutMs: 5_000, ...scenario.extra, ...(scenario.abort && { signal: abort.signal }) };
          if (scenario.provider) options.provider = scenario.provider;
          if (scenario.abort) setTimeout(() => abort.abort(), 150);
          const spec = personSpec() as ExtractorSpec<unknown>;
          const call = scenario.viaStream ? drainStream(spec, options) : extract(spec, "x", options);
          const error = await call.then(
            () => expect.fail("the call should fail"),
            (e: unknown) => e,
          );
          // The server really got the key: what it echoed is the secret.
          expect(received).toBe(KEY);
          expect(isExtractError(error), String(error)).toBe(true);
          classesSeen.add((error as Error).name);
          expectNoSecret(viewsOf(error), `${(error as Error).name} (${scenario.name})`);
        });
      }
    });
  }

  test("ConfigError for a bad base URL with credentials", async () => {
    const error = await extract(personSpec(), "x", { apiKey: KEY, model: "m", baseURL: `ftp://${URL_USER}:${URL_PASS}@relay.example/` }).catch((e: unknown) => e);
    expect(isExtractError(error)).toBe(true);
    classesSeen.add((error as Error).name);
    expectNoSecret(viewsOf(error), "ConfigError");
  });

  test("the calls above met every runtime error class", () => {
    const classes = Object.entries(runtime)
      .filter(([, v]) => typeof v === "function" && (v as { prototype?: unknown }).prototype instanceof runtime.ExtractError)
      .map(([name]) => name)
      .sort();
    expect([...classesSeen].sort()).toEqual(classes);
  });
});

async function drainStream(spec: ExtractorSpec<unknown>, options: ExtractOptions): Promise<unknown> {
  const s = stream(spec, "x", options);
  for await (const _ of s);
  return s.final();
}

/** Every file under `dir`, as text. */
function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path, "utf8") }));
}

describe("batch files and the CLI's log", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "extractgen-harden-secrets-"));
    mkdirSync(join(work, "schemas"));
    writeFileSync(join(work, "schemas", "note.schema.json"), JSON.stringify({ title: "Note", type: "object", properties: { n: { type: "integer" } }, required: ["n"] }));
    writeFileSync(join(work, "in.jsonl"), Array.from({ length: 12 }, (_, i) => `${JSON.stringify({ id: `d${i}`, text: `doc ${i}` })}\n`).join(""));
    // Every other call is refused with the key echoed; the rest answer with an invalid echo.
    server.handle((req, res) => {
      received = credentialOf(req);
      if (server.hits % 2 === 0) res.writeHead(401, { "content-type": "application/json", ...echoHeaders(received) }).end(echoBody(received));
      else res.writeHead(200, { "content-type": "application/json", ...echoHeaders(received) }).end(chatReply(`{"n":"${received}"}`));
    });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test("runBatchFile: the errors file names failures without the key", async () => {
    const dir = join(work, "api");
    const summary = await runBatchFile(personSpec(), { input: join(work, "in.jsonl"), output: join(dir, "out.jsonl"), apiKey: KEY, baseURL: baseURL(), model: "m", maxRetries: 0, maxRepairs: 0, concurrency: 2 });
    expect(received).toBe(KEY);
    expect(summary.failed).toBe(12);
    const files = filesUnder(dir);
    expect(files.map((f) => f.path)).toContain(join(dir, "out.errors.jsonl"));
    for (const file of files) expectNoSecret([file.text], file.path);
  });

  test(
    "extractgen run: stdout, stderr and every file it writes hold neither the key nor the URL credentials",
    async () => {
      ensureBuilt();
      const dir = join(work, "cli");
      mkdirSync(dir);
      const child = spawn(
        process.execPath,
        [BUILT_CLI, "run", "Note", "--schemas", join(work, "schemas"), "--input", join(work, "in.jsonl"), "--output", join(dir, "out.jsonl"), "--model", "m", "--base-url", baseURL(), "--max-retries", "0", "--concurrency", "2"],
        { cwd: work, env: { ...process.env, EXTRACTGEN_API_KEY: KEY, OPENAI_API_KEY: KEY }, stdio: ["ignore", "pipe", "pipe"] },
      );
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(received, out).toBe(KEY);
      expect(code).toBe(1);
      expect(out).toContain("failures are in");
      expectNoSecret([out], "CLI output");
      for (const file of filesUnder(dir)) expectNoSecret([file.text], file.path);
    },
    150_000,
  );
});
