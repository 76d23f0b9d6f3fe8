import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import {
  AbortedError,
  ConfigError,
  ConnectionError,
  ContentFilterError,
  type ErrorInfo,
  ExtractError,
  isExtractError,
  ProviderError,
  RateLimitError,
  redactText,
  redactValue,
  RefusalError,
  ResponseTooLargeError,
  TimeoutError,
  TruncatedError,
  ValidationError,
} from "../../runtime/errors.js";

const KEY = "sk-live-0123456789abcdef";
const URL_USER = "relayuser";
const URL_PASS = "relaypass99";
// Every string an error can hold carries the key, so a leak anywhere shows up.
const leaky = `key ${KEY} at https://${URL_USER}:${URL_PASS}@relay.example.com/v1`;
const info: ErrorInfo = {
  attempts: 3,
  provider: "openai",
  raw: leaky,
  usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
  requestId: "req_1",
  cause: new Error(leaky),
  secrets: [KEY, URL_PASS],
};

type Row = [name: string, code: string, make: () => ExtractError, message: RegExp];

const rows: Row[] = [
  ["ProviderError", "EG_PROVIDER", () => new ProviderError(400, { message: leaky, body: { error: { message: leaky } }, type: "invalid_request_error", retryable: false }, info), /^openai returned HTTP 400: /],
  ["RateLimitError", "EG_RATE_LIMIT", () => new RateLimitError({ message: leaky, body: leaky, retryAfterMs: 20 }, info), /^openai rate limit \(HTTP 429\)/],
  ["TimeoutError", "EG_TIMEOUT", () => new TimeoutError(1000, info), /^call exceeded timeoutMs \(1000 ms\)$/],
  ["AbortedError", "EG_ABORTED", () => new AbortedError(info), /^call aborted by signal$/],
  ["ConnectionError", "EG_CONNECTION", () => new ConnectionError(leaky, info), /^connection failed: /],
  ["ResponseTooLargeError", "EG_RESPONSE_TOO_LARGE", () => new ResponseTooLargeError(1024, info), /^reply exceeds maxResponseBytes \(1024 bytes\)$/],
  ["RefusalError", "EG_REFUSAL", () => new RefusalError(leaky, info), /^the model refused to answer$/],
  ["TruncatedError", "EG_TRUNCATED", () => new TruncatedError("length", 256, info), /^reply cut at the output token limit \(length, maxOutputTokens 256\)/],
  ["ContentFilterError", "EG_CONTENT_FILTER", () => new ContentFilterError("SAFETY", info), /^blocked by the provider's content filter \(SAFETY\)$/],
  ["ValidationError", "EG_VALIDATION", () => new ValidationError([{ path: "/name", message: leaky }], info), /^reply does not match the schema \(1 issue; \/name: /],
  ["ConfigError", "EG_CONFIG", () => new ConfigError("baseURL", leaky, info), /^baseURL: /],
];

describe("error classes", () => {
  for (const [name, code, make, message] of rows) {
    describe(name, () => {
      const error = make();

      test("has its name, code, message and the common fields", () => {
        expect(error).toBeInstanceOf(ExtractError);
        expect(error).toBeInstanceOf(Error);
        expect(error.name).toBe(name);
        expect(error.code).toBe(code);
        expect(error.message).toMatch(message);
        expect(error.attempts).toBe(3);
        expect(error.requestId).toBe("req_1");
        expect(error.usage).toEqual(info.usage);
        expect(isExtractError(error)).toBe(true);
      });

      test("never shows the API key or URL credentials", () => {
        const views = [error.message, String(error.stack), inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error), String(error.raw), inspect(error.cause, { depth: 5 })];
        for (const view of views) {
          expect(view).not.toContain(KEY);
          expect(view).not.toContain(URL_PASS);
          expect(view).not.toContain(`${URL_USER}:`);
        }
      });

      test("serialises its fields to JSON", () => {
        const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
        expect(json["code"]).toBe(code);
        expect(json["name"]).toBe(name);
        expect(json["attempts"]).toBe(3);
      });
    });
  }

  test("the table covers every concrete class exported", async () => {
    const mod = (await import("../../runtime/errors.js")) as Record<string, unknown>;
    const classes = Object.entries(mod)
      .filter(([, v]) => typeof v === "function" && (v as { prototype?: unknown }).prototype instanceof ExtractError)
      .map(([k]) => k)
      .sort();
    expect(classes).toEqual(rows.map(([name]) => name).sort());
  });

  test("payload fields are redacted too", () => {
    const provider = rows[0]![2]() as ProviderError;
    expect(JSON.stringify(provider.body)).not.toContain(KEY);
    expect((rows[6]![2]() as RefusalError).refusal).toContain("[redacted]");
    expect((rows[9]![2]() as ValidationError).issues[0]!.message).toContain("[redacted]");
    expect((rows[10]![2]() as ConfigError).hint).not.toContain(KEY);
  });

  test("fields read from a hostile reply (request id, error type, finish reason) are redacted too", () => {
    const echoed: ErrorInfo = { requestId: `req ${KEY}`, secrets: [KEY] };
    const errors = [
      new ProviderError(401, { message: "m", type: KEY, retryable: false }, echoed),
      new RateLimitError({ message: "m", type: KEY }, echoed),
      new TruncatedError(KEY, undefined, echoed),
      new ContentFilterError(KEY, echoed),
    ];
    for (const error of errors) expect(JSON.stringify(error) + inspect(error, { depth: 10 })).not.toContain(KEY);
  });

  test("a cause keeps its name and code, not its object", () => {
    const socketError = Object.assign(new Error(`socket to ${KEY}`), { code: "ECONNRESET", socket: { secret: KEY } });
    const error = new ConnectionError("reset", { cause: socketError, secrets: [KEY] });
    const cause = error.cause as Error & { code?: string };
    expect(cause.code).toBe("ECONNRESET");
    expect(cause.message).toBe("socket to [redacted]");
    expect(inspect(error, { depth: 10 })).not.toContain(KEY);
  });

  test("isExtractError recognises another copy's errors by the shared brand", () => {
    const foreign = { get [Symbol.for("extractgen.error")]() { return true; } };
    expect(isExtractError(foreign)).toBe(true);
    expect(isExtractError(new Error("x"))).toBe(false);
    expect(isExtractError(null)).toBe(false);
  });
});

describe("redaction", () => {
  test("text: keys and URL userinfo", () => {
    expect(redactText(`Bearer ${KEY}`, [KEY])).toBe("Bearer [redacted]");
    expect(redactText("https://u:p@h.example/x and http://tok@h2/", [])).toBe("https://[redacted]@h.example/x and http://[redacted]@h2/");
    expect(redactText("mail me at a@b.c", [])).toBe("mail me at a@b.c");
  });

  test("placeholder keys shorter than 4 characters are left alone", () => {
    expect(redactText("x marks the spot", ["x"])).toBe("x marks the spot");
  });

  test("values: deep, keys included, prototype-safe", () => {
    const value = JSON.parse(`{"__proto__": {"polluted": "${KEY}"}, "list": ["${KEY}"], "${KEY}": 1}`) as unknown;
    const out = redactValue(value, [KEY]) as Record<string, unknown>;
    expect(JSON.stringify(out)).not.toContain(KEY);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.keys(out)).toContain("__proto__");
  });
});
