import { describe, expect, test } from "vitest";
import { isSseDone, type SseEvent, SseDecoder } from "../../runtime/sse.js";

function decodeAll(chunks: readonly (string | Uint8Array)[]): SseEvent[] {
  const decoder = new SseDecoder();
  const events = chunks.flatMap((chunk) => decoder.push(chunk));
  return [...events, ...decoder.end()];
}

const cases: [string, { given: string; want: SseEvent[] }][] = [
  ["LF separators", { given: "data: a\n\ndata: b\n\n", want: [{ data: "a" }, { data: "b" }] }],
  ["CRLF separators", { given: "data: a\r\n\r\ndata: b\r\n\r\n", want: [{ data: "a" }, { data: "b" }] }],
  ["CR separators", { given: "data: a\r\rdata: b\r\r", want: [{ data: "a" }, { data: "b" }] }],
  ["mixed line ends", { given: "event: x\r\ndata: a\n\rdata: b\r\n\ndata: c\r\r", want: [{ event: "x", data: "a" }, { data: "b" }, { data: "c" }] }],
  ["multi-line data joined with LF", { given: "data: {\ndata:  \"a\": 1\ndata: }\n\n", want: [{ data: '{\n "a": 1\n}' }] }],
  ["no space after the colon", { given: "data:x\n\n", want: [{ data: "x" }] }],
  ["empty data line is an empty event", { given: "data:\n\n", want: [{ data: "" }] }],
  ["comments and keep-alives are ignored", { given: ": ping\n\n:\ndata: a\n: inside\n\n", want: [{ data: "a" }] }],
  ["named events", { given: "event: message_start\ndata: {}\n\nevent: ping\ndata: {\"type\":\"ping\"}\n\n", want: [{ event: "message_start", data: "{}" }, { event: "ping", data: '{"type":"ping"}' }] }],
  ["an event name without data is not an event", { given: "event: lonely\n\ndata: a\n\n", want: [{ data: "a" }] }],
  ["id and retry fields are ignored", { given: "id: 7\nretry: 100\ndata: a\n\n", want: [{ data: "a" }] }],
  ["[DONE] is an ordinary event", { given: "data: {}\n\ndata: [DONE]\n\n", want: [{ data: "{}" }, { data: "[DONE]" }] }],
  ["an event cut before its blank line is dropped", { given: "data: a\n\ndata: half", want: [{ data: "a" }] }],
  ["a leading byte-order mark is dropped", { given: "\ufeffdata: a\n\n", want: [{ data: "a" }] }],
  [
    "Gemini error chunk as raw JSON after data events",
    { given: 'data: {"candidates":[]}\n\n{"error":{"code":500,"message":"x","status":"INTERNAL"}}\n', want: [{ data: '{"candidates":[]}' }, { data: '{"error":{"code":500,"message":"x","status":"INTERNAL"}}' }] },
  ],
  [
    "Gemini error chunk pretty-printed over several lines, no trailing blank line",
    {
      given: 'data: {"candidates":[]}\r\n\r\n{\r\n  "error": {\r\n    "code": 503,\r\n    "status": "UNAVAILABLE"\r\n  }\r\n}\r\n',
      want: [{ data: '{"candidates":[]}' }, { data: '{\n  "error": {\n    "code": 503,\n    "status": "UNAVAILABLE"\n  }\n}' }],
    },
  ],
  ["a raw JSON array body", { given: '[{"error":{"code":429}}]', want: [{ data: '[{"error":{"code":429}}]' }] }],
  [
    "OpenAI mid-stream error after 200",
    { given: 'data: {"choices":[]}\n\ndata: {"error":{"message":"boom","type":"server_error"}}\n\n', want: [{ data: '{"choices":[]}' }, { data: '{"error":{"message":"boom","type":"server_error"}}' }] },
  ],
  [
    "Anthropic error event after 200",
    { given: 'event: ping\ndata: {"type":"ping"}\n\nevent: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n', want: [{ event: "ping", data: '{"type":"ping"}' }, { event: "error", data: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }] },
  ],
  [
    "Responses failure events after 200",
    { given: 'event: response.failed\ndata: {"type":"response.failed"}\n\nevent: error\ndata: {"type":"error","code":"server_error"}\n\n', want: [{ event: "response.failed", data: '{"type":"response.failed"}' }, { event: "error", data: '{"type":"error","code":"server_error"}' }] },
  ],
];

describe("SSE decoder", () => {
  for (const [name, { given, want }] of cases) {
    test(`${name}: whole`, () => expect(decodeAll([given])).toEqual(want));
    test(`${name}: split at every position`, () => {
      for (let cut = 0; cut <= given.length; cut++) {
        expect(decodeAll([given.slice(0, cut), given.slice(cut)]), `cut at ${cut}`).toEqual(want);
      }
    });
    test(`${name}: one character per chunk`, () => expect(decodeAll([...given])).toEqual(want));
  }

  test("bytes: a multi-byte character split at every byte position survives", () => {
    const text = 'data: {"t":"é€😀"}\n\n';
    const bytes = new TextEncoder().encode(text);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(decodeAll([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual([{ data: '{"t":"é€😀"}' }]);
    }
    expect(decodeAll([...bytes].map((b) => Uint8Array.of(b)))).toEqual([{ data: '{"t":"é€😀"}' }]);
  });

  test("a CR at the end of one chunk and LF at the start of the next are one line end", () => {
    expect(decodeAll(["data: a\r", "\n", "\r", "", "\ndata: b\r\n\r\n"])).toEqual([{ data: "a" }, { data: "b" }]);
  });

  test("push returns only what each chunk completed", () => {
    const decoder = new SseDecoder();
    expect(decoder.push("data: a\n")).toEqual([]);
    expect(decoder.push("\ndata: b\n\ndata: c")).toEqual([{ data: "a" }, { data: "b" }]);
    expect(decoder.push("\n\n")).toEqual([{ data: "c" }]);
    expect(decoder.end()).toEqual([]);
  });

  test("a line longer than many chunks is decoded whole", () => {
    const payload = "x".repeat(1 << 20);
    const decoder = new SseDecoder();
    decoder.push("data: ");
    let early = 0;
    for (let i = 0; i < payload.length; i += 16) early += decoder.push(payload.slice(i, i + 16)).length;
    expect(early).toBe(0);
    const [event] = decoder.push("\n\n");
    expect(event?.data.length).toBe(payload.length);
  });

  test("isSseDone recognises the terminator", () => {
    expect(isSseDone({ data: "[DONE]" })).toBe(true);
    expect(isSseDone({ data: '"[DONE]"' })).toBe(false);
  });
});
