import { describe, expect, test } from "vitest";
import { ConfigError } from "../../runtime/errors.js";
import { repairTurns, systemPrompt, toMessages } from "../../runtime/messages.js";
import type { ExtractInput, Message } from "../../runtime/types.js";

const PNG = "iVBORw0KGgoAAAANSUhEUg";

describe("toMessages", () => {
  test("a string is one user message", () => {
    expect(toMessages("Alice is 31.")).toEqual([{ role: "user", content: "Alice is 31." }]);
  });

  test("valid messages come back as given (same array)", () => {
    const input: Message[] = [
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "text", text: "see" }, { type: "image", url: "https://x.example/a.png" }, { type: "file", data: "JVBERi0=", mimeType: "application/pdf" }] },
    ];
    expect(toMessages(input)).toBe(input);
  });

  test("a data: URL image becomes inline data", () => {
    const out = toMessages([{ role: "user", content: [{ type: "image", url: `data:image/png;base64,${PNG}` }] }]);
    expect(out[0]!.content).toEqual([{ type: "image", data: PNG, mimeType: "image/png" }]);
  });

  test("inline images without a type get one from their bytes", () => {
    const out = toMessages([{ role: "user", content: [{ type: "image", data: "/9j/4AAQ" }] }]);
    expect(out[0]!.content).toEqual([{ type: "image", data: "/9j/4AAQ", mimeType: "image/jpeg" }]);
  });

  type Bad = [name: string, input: unknown, message: string];
  const bad: Bad[] = [
    ["not a string or array", 42, "input: must be a string or an array of messages"],
    ["empty array", [], "input: has no messages"],
    ["only system messages", [{ role: "system", content: "x" }], "input: has only system messages"],
    ["unknown role", [{ role: "tool", content: "x" }], "input[0].role: must be one of system, user, assistant"],
    ["empty parts", [{ role: "user", content: [] }], "input[0].content: must be a string or a non-empty array of parts"],
    ["unknown part type", [{ role: "user", content: [{ type: "audio" }] }], 'input[0].content[0].type: must be "text", "image" or "file"'],
    ["text part without text", [{ role: "user", content: [{ type: "text" }] }], "input[0].content[0].text: must be a string"],
    ["image with url and data", [{ role: "user", content: [{ type: "image", url: "https://x", data: PNG }] }], "input[0].content[0]: an image needs exactly one of url or data"],
    ["image of unknown type", [{ role: "user", content: [{ type: "image", data: "AAAA" }] }], "input[0].content[0].mimeType: cannot tell the image type"],
    ["file without mimeType", [{ role: "user", content: "x" }, { role: "user", content: [{ type: "file", data: "AAAA" }] }], "input[1].content[0].mimeType: is required for files"],
    ["image in an assistant message", [{ role: "user", content: "x" }, { role: "assistant", content: [{ type: "image", data: PNG }] }], "input[1].content[0]: assistant messages can only hold text parts"],
  ];
  for (const [name, input, message] of bad) {
    test(`rejects ${name}`, () => {
      expect(() => toMessages(input as ExtractInput)).toThrow(ConfigError);
      expect(() => toMessages(input as ExtractInput)).toThrow(message);
    });
  }
});

describe("systemPrompt", () => {
  test("instructions, then the input's system messages", () => {
    const messages: Message[] = [{ role: "system", content: [{ type: "text", text: "Dates are ISO." }] }, { role: "user", content: "x" }, { role: "system", content: "Be brief." }];
    expect(systemPrompt("Extract the person.", messages)).toBe("Extract the person.\n\nDates are ISO.\n\nBe brief.");
    expect(systemPrompt("", [{ role: "user", content: "x" }])).toBe("");
  });
});

describe("repairTurns", () => {
  test("the previous reply, then the issues by JSON pointer", () => {
    expect(repairTurns('{"name":""}', [{ path: "/name", message: "must NOT have fewer than 1 characters" }, { path: "", message: 'must have property "tags"' }])).toEqual([
      { role: "assistant", content: '{"name":""}' },
      {
        role: "user",
        content:
          "Your previous reply is not valid for the required JSON schema:\n- /name: must NOT have fewer than 1 characters\n- (root): must have property \"tags\"\nReply again with only the corrected JSON value, nothing else.",
      },
    ]);
  });

  test("an empty reply is not echoed back", () => {
    expect(repairTurns("  ", [{ path: "", message: "reply is empty" }])).toHaveLength(1);
  });
});
