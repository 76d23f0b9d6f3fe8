import { describe, expect, test } from "vitest";
import { type ErrorBody, parseGoogleDuration, readErrorBody } from "../../runtime/providers/error-body.js";

type Case = [name: string, { status: number; given: string; want: Partial<ErrorBody> }];

const cases: Case[] = [
  [
    "OpenAI shape",
    {
      status: 400,
      given: '{"error":{"message":"Invalid schema for response_format \'person\'","type":"invalid_request_error","param":"response_format","code":null}}',
      want: { message: "Invalid schema for response_format 'person'", type: "invalid_request_error" },
    },
  ],
  ["OpenAI exhausted quota is permanent", { status: 429, given: '{"error":{"message":"You exceeded your quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}', want: { type: "insufficient_quota", permanent: true } }],
  ["relay error (OpenAI-shaped)", { status: 401, given: '{"error":{"message":"invalid token","type":"new_api_error","code":"invalid_key"}}', want: { message: "invalid token", type: "new_api_error" } }],
  ["Anthropic shape", { status: 529, given: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}', want: { message: "Overloaded", type: "overloaded_error" } }],
  [
    "Google shape with RetryInfo",
    {
      status: 429,
      given: '{"error":{"code":429,"message":"You exceeded your current quota","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure"},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37s"}]}}',
      want: { message: "You exceeded your current quota", type: "RESOURCE_EXHAUSTED", retryDelayMs: 37_000 },
    },
  ],
  ["Google shape in an array", { status: 400, given: '[{"error":{"code":400,"message":"API key not valid","status":"INVALID_ARGUMENT"}}]', want: { message: "API key not valid", type: "INVALID_ARGUMENT" } }],
  ["HTML from a proxy", { status: 502, given: "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>", want: { message: "non-JSON body: 502 Bad Gateway" } }],
  ["HTML without a title", { status: 504, given: "<html><body><p>Gateway   timeout</p></body></html>", want: { message: "non-JSON body: Gateway timeout" } }],
  ["plain text", { status: 500, given: "upstream connect error", want: { message: "non-JSON body: upstream connect error" } }],
  ["empty body", { status: 503, given: "", want: { message: "empty body (HTTP 503)", body: "" } }],
  ["error as a string", { status: 400, given: '{"error":"model not allowed"}', want: { message: "model not allowed" } }],
  ["message at the root", { status: 400, given: '{"message":"bad things"}', want: { message: "bad things" } }],
  ["JSON that is not an object", { status: 500, given: '"oops"', want: { message: '"oops"' } }],
];

describe("readErrorBody", () => {
  for (const [name, { status, given, want }] of cases) test(name, () => expect(readErrorBody(status, given)).toMatchObject(want));

  test("long messages are clipped to one line", () => {
    const r = readErrorBody(400, JSON.stringify({ error: { message: `a\n${"x".repeat(1000)}` } }));
    expect(r.message.length).toBeLessThanOrEqual(303);
    expect(r.message).not.toContain("\n");
  });
});

describe("parseGoogleDuration", () => {
  const cases: [unknown, number | undefined][] = [["37s", 37_000], ["0.2s", 200], ["1.5s", 1500], ["37", undefined], [37, undefined], ["s", undefined]];
  for (const [given, want] of cases) test(`${JSON.stringify(given)} -> ${want}`, () => expect(parseGoogleDuration(given)).toBe(want));
});
