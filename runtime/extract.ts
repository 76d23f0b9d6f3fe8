/**
 * `extract`: one structured-output call, end to end (design.md §6). Resolve the options, send the
 * dialect's request, read the reply, turn a refusal, truncation or filter into its error, then
 * parse, restore and validate; a reply that fails goes back to the model with its issues (up to
 * `maxRepairs` times) before it becomes a ValidationError.
 */
import {
  ContentFilterError,
  type ErrorInfo,
  type ExtractError,
  RefusalError,
  TruncatedError,
  ValidationError,
} from "./errors.js";
import { sendJson, startHttpCall } from "./http.js";
import { repairTurns, toMessages } from "./messages.js";
import { resolveCallOptions, type ResolvedCallOptions } from "./options.js";
import { addUsage, type DialectCall, type DialectReply } from "./providers/dialect.js";
import { DIALECTS } from "./providers/index.js";
import { checkedDepth, MAX_REPLY_DEPTH, nestsDeeperThan, parseReplyJson } from "./reply-json.js";
import { applyRestore } from "./restore.js";
import type { ExtractorSpec, ProviderName, RestorePlan, ValidationIssue } from "./spec.js";
import type { ExtractInput, ExtractOptions, ExtractResult, Message, Usage } from "./types.js";
import { validate } from "./validate.js";

const NO_USAGE: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0, totalTokens: 0 }) as Usage;

/**
 * Call the provider for one input and return the restored, validated data with usage and attempts.
 * @example
 * const { data, usage } = await extract(invoiceSpec, "Invoice 7 from ACME, total 12.50 EUR", { model: "gpt-4o-mini" });
 * @throws ExtractError subclasses: ConfigError, ProviderError, RateLimitError, TimeoutError, AbortedError,
 * ConnectionError, ResponseTooLargeError, RefusalError, TruncatedError, ContentFilterError, ValidationError.
 */
export async function extract<T>(spec: ExtractorSpec<T>, input: ExtractInput, options?: ExtractOptions): Promise<ExtractResult<T>> {
  const resolved = resolveCallOptions(spec as ExtractorSpec<unknown>, options);
  const call = dialectCall(spec as ExtractorSpec<unknown>, toMessages(input), resolved, /* stream */ false);
  const dialect = DIALECTS[resolved.provider];
  const plan = restorePlanOf(spec, resolved.provider);
  const http = startHttpCall(resolved);
  try {
    let usage: Usage | undefined;
    for (let repairs = 0; ; repairs++) {
      const sent = await sendJson(http, dialect.buildRequest(call));
      const reply = dialect.readReply(sent.body, call);
      usage = addUsage(usage, reply.usage);
      const raw = replyText(reply);
      // Error info only for an error: building it costs object spreads on every call.
      const info = (): ErrorInfo => http.info({ raw, ...(usage ? { usage } : {}), ...(sent.requestId ? { requestId: sent.requestId } : {}) });
      if (reply.finish !== "stop") {
        const ended = finishError(reply, resolved.maxOutputTokens, info());
        if (ended) throw ended;
      }
      const checked = checkReply(spec, plan, reply);
      if (checked.ok) {
        return { data: checked.data, usage: usage ?? NO_USAGE, attempts: http.attempts, provider: resolved.provider, model: reply.model ?? resolved.model, raw };
      }
      if (repairs >= resolved.maxRepairs) throw new ValidationError(checked.issues, info());
      call.messages = [...call.messages, ...repairTurns(raw, checked.issues)];
    }
  } finally {
    http.close();
  }
}

/** The dialect input for a call; `messages` grows with repairs. */
export function dialectCall(spec: ExtractorSpec<unknown>, messages: readonly Message[], resolved: ResolvedCallOptions, stream: boolean): DialectCall {
  const call: DialectCall = { spec, messages, model: resolved.model, apiKey: resolved.apiKey, stream };
  if (resolved.temperature !== undefined) call.temperature = resolved.temperature;
  if (resolved.maxOutputTokens !== undefined) call.maxOutputTokens = resolved.maxOutputTokens;
  if (resolved.reasoning !== undefined) call.reasoning = resolved.reasoning;
  return call;
}

/** The restore plan for a provider: `openai-responses` shares the `openai` lowering. */
export function restorePlanOf(spec: ExtractorSpec<unknown>, provider: ProviderName): RestorePlan {
  if (provider === "gemini") return spec.wire.gemini.restore;
  if (provider === "anthropic") return spec.wire.anthropic.restore;
  return spec.wire.openai.restore;
}

/**
 * The text a reply's data comes from (tool arguments serialised). Tool arguments nested too deeply
 * to serialise give no text: checkReply rejects them.
 */
export function replyText(reply: Pick<DialectReply, "text" | "json">): string {
  if (reply.json !== undefined) return nestsDeeperThan(reply.json, MAX_REPLY_DEPTH) ? "" : JSON.stringify(reply.json);
  return reply.text ?? "";
}

/**
 * The error for a reply that ended without an answer to repair: refusal (never retried),
 * truncation (re-asking with the same limit would cut again) or a content filter.
 */
export function finishError(reply: Pick<DialectReply, "finish" | "reason" | "refusal">, limit: number | undefined, info: ErrorInfo): ExtractError | undefined {
  switch (reply.finish) {
    case "refusal":
      return new RefusalError(reply.refusal ?? "refused", info);
    case "length":
      return new TruncatedError(reply.reason ?? "length", limit, info);
    case "filter":
      return new ContentFilterError(reply.reason ?? "content_filter", info);
    default:
      return undefined;
  }
}

export type CheckedReply<T> = { ok: true; data: T } | { ok: false; issues: ValidationIssue[] };

/** Parse a finished reply's JSON (or take the tool input), restore it, validate the ORIGINAL schema. */
export function checkReply<T>(spec: ExtractorSpec<T>, plan: RestorePlan, reply: Pick<DialectReply, "finish" | "reason" | "text" | "json">): CheckedReply<T> {
  if (reply.finish === "failed") {
    return { ok: false, issues: [{ path: "", message: `the reply ended without an answer (${reply.reason ?? "failed"})` }] };
  }
  const parsed = reply.json !== undefined ? checkedDepth(reply.json) : parseReplyJson(reply.text ?? "");
  if (!parsed.ok) return { ok: false, issues: [parsed.issue] };
  const result = validate(spec, applyRestore(plan, parsed.value));
  return result.ok ? { ok: true, data: result.value } : { ok: false, issues: result.issues };
}
