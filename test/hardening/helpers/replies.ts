/**
 * What a hostile provider sends, for the hardening tests (#9): OpenAI Chat reply bodies and event
 * streams carrying any answer text, and writers that drip or flood a response.
 */
import type { ServerResponse } from "node:http";

/** An OpenAI Chat Completions reply whose answer is `content`. */
export function chatReply(content: string): string {
  return JSON.stringify({ id: "chatcmpl-h", object: "chat.completion", model: "m", choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }] });
}

/** An OpenAI Chat event stream whose answer is `content` (one delta), with its finish and `[DONE]`. */
export function chatEvents(content: string): string {
  const chunk = (delta: object, finish: string | null) => JSON.stringify({ id: "chatcmpl-h", object: "chat.completion.chunk", model: "m", choices: [{ index: 0, delta, finish_reason: finish }] });
  return `data: ${chunk({ content }, null)}\n\ndata: ${chunk({}, "stop")}\n\ndata: [DONE]\n\n`;
}

/** An Anthropic Messages reply whose forced tool call carries `inputJson` (JSON text) as its input. */
export function anthropicToolReply(toolName: string, inputJson: string): string {
  const shell = JSON.stringify({ id: "msg_h", type: "message", role: "assistant", model: "m", content: [{ type: "tool_use", id: "toolu_h", name: toolName, input: "@INPUT@" }], stop_reason: "tool_use", usage: { input_tokens: 1, output_tokens: 1 } });
  return shell.replace('"@INPUT@"', inputJson);
}

/** `[[[...]]]` nested `depth` levels. */
export function nestedArrays(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

/** Write `body` one byte every `gapMs`, until it is all sent or the client hangs up. */
export function drip(res: ServerResponse, body: string | Buffer, gapMs: number): void {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  let at = 0;
  const timer = setInterval(() => {
    if (res.destroyed || at >= bytes.length) {
      clearInterval(timer);
      if (!res.destroyed) res.end();
      return;
    }
    res.write(bytes.subarray(at, ++at));
  }, gapMs);
}

/**
 * Send `total` bytes of `fill` in 64 KiB chunks, honouring backpressure, so the server itself holds
 * one chunk; returns a function giving the bytes handed to the socket so far.
 */
export function flood(res: ServerResponse, total: number, fill: Buffer): () => number {
  const chunk = Buffer.alloc(64 * 1024, fill);
  let sent = 0;
  const write = (): void => {
    while (sent < total) {
      if (res.destroyed) return;
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once("drain", write);
        return;
      }
    }
    res.end();
  };
  write();
  return () => sent;
}
