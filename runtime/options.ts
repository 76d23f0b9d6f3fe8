/**
 * Call options, resolved once per call (style.md rule 4): each field comes from the call options,
 * then the environment, then the spec's `x-extractor` defaults, then a named default. Everything
 * is validated here, so the rest of the runtime reads plain, trusted values.
 */
import { ConfigError } from "./errors.js";
import type { ExtractorSpec, ProviderName } from "./spec.js";
import type { ExtractOptions, ReasoningOptions } from "./types.js";

export const DEFAULT_TIMEOUT_MS = 600_000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_MAX_REPAIRS = 1;
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
export const DEFAULT_PROVIDER: ProviderName = "openai";

/** The vendors' own service roots, used when no base URL is configured anywhere. */
export const VENDOR_BASE_URLS: Readonly<Record<ProviderName, string>> = {
  openai: "https://api.openai.com",
  "openai-responses": "https://api.openai.com",
  gemini: "https://generativelanguage.googleapis.com",
  anthropic: "https://api.anthropic.com",
};

const PROVIDERS: readonly ProviderName[] = ["openai", "openai-responses", "gemini", "anthropic"];
const EFFORTS: readonly string[] = ["minimal", "low", "medium", "high"];

/** Option names people reach for, and the one to use instead. */
const RENAMED_OPTIONS: Readonly<Record<string, string>> = {
  timeout: "use timeoutMs (milliseconds, whole call)",
  baseUrl: "use baseURL",
  base_url: "use baseURL",
  api_key: "use apiKey",
  maxTokens: "use maxOutputTokens",
  max_tokens: "use maxOutputTokens",
  retries: "use maxRetries (transport retries)",
  dispatcher: "use client (an undici Dispatcher)",
};

/** A minimal view of an undici Dispatcher, so this file does not import undici. */
export interface DispatcherLike {
  dispatch(...args: never[]): unknown;
}

/** Every setting a call reads, validated; optional fields stay absent when nobody set them. */
export interface ResolvedCallOptions {
  provider: ProviderName;
  /** Service root without a trailing slash or `/v1`, e.g. `https://relay.example.com/api`. */
  baseURL: string;
  apiKey: string;
  model: string;
  temperature?: number;
  maxOutputTokens?: number;
  reasoning?: ReasoningOptions;
  maxRetries: number;
  maxRepairs: number;
  timeoutMs: number;
  maxResponseBytes: number;
  signal?: AbortSignal;
  client?: DispatcherLike;
  /** Strings every error is scrubbed of: the API key and base-URL credentials. */
  secrets: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Resolve and validate the options for one call.
 * @throws ConfigError naming the field and how to fix it.
 */
export function resolveCallOptions(spec: ExtractorSpec<unknown>, options: ExtractOptions = {}, env: Env = process.env): ResolvedCallOptions {
  for (const name in options) {
    const hint = RENAMED_OPTIONS[name];
    if (hint !== undefined) throw new ConfigError(name, hint);
  }
  const provider = resolveProvider(options.provider ?? nonEmpty(env["EXTRACTGEN_PROVIDER"]) ?? spec.provider ?? DEFAULT_PROVIDER, options.provider !== undefined);
  const explicitBase = options.baseURL ?? nonEmpty(env["EXTRACTGEN_BASE_URL"]) ?? nonEmpty(env["OPENAI_BASE_URL"]);
  const base = normaliseBaseURL(explicitBase ?? VENDOR_BASE_URLS[provider]);
  // OPENAI_API_KEY belongs to OpenAI or to the relay named by a base URL: never send it to
  // Google's or Anthropic's own endpoints.
  const openaiKeyFits = explicitBase !== undefined || provider === "openai" || provider === "openai-responses";
  const apiKey = options.apiKey ?? nonEmpty(env["EXTRACTGEN_API_KEY"]) ?? (openaiKeyFits ? nonEmpty(env["OPENAI_API_KEY"]) : undefined);
  const secrets = apiKey ? [apiKey, ...base.credentials] : base.credentials;
  if (typeof apiKey !== "string" || apiKey === "") {
    throw new ConfigError("apiKey", "no API key: pass options.apiKey or set EXTRACTGEN_API_KEY (or OPENAI_API_KEY)", { secrets });
  }
  const model = options.model ?? nonEmpty(env["EXTRACTGEN_MODEL"]) ?? spec.model;
  if (typeof model !== "string" || model.trim() === "") {
    throw new ConfigError("model", 'no model: pass options.model, set EXTRACTGEN_MODEL, or add "model" to the schema\'s x-extractor', { secrets });
  }

  const resolved: ResolvedCallOptions = {
    provider,
    baseURL: base.url,
    apiKey,
    model,
    maxRetries: count("maxRetries", options.maxRetries, DEFAULT_MAX_RETRIES),
    maxRepairs: count("maxRepairs", options.maxRepairs, DEFAULT_MAX_REPAIRS),
    timeoutMs: timeout(options.timeoutMs),
    maxResponseBytes: positive("maxResponseBytes", options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES),
    secrets,
  };
  const temperature = options.temperature ?? spec.temperature;
  if (temperature !== undefined) {
    if (typeof temperature !== "number" || !(temperature >= 0 && temperature <= 2)) throw new ConfigError("temperature", "must be a number from 0 to 2");
    resolved.temperature = temperature;
  }
  if (options.maxOutputTokens !== undefined) resolved.maxOutputTokens = positiveInteger("maxOutputTokens", options.maxOutputTokens);
  if (options.reasoning !== undefined) resolved.reasoning = checkReasoning(options.reasoning);
  if (options.signal !== undefined) {
    if (!(options.signal instanceof AbortSignal)) throw new ConfigError("signal", "must be an AbortSignal (e.g. AbortSignal.timeout(5000))");
    resolved.signal = options.signal;
  }
  if (options.client !== undefined) {
    const client = options.client as Partial<DispatcherLike> | null;
    if (client === null || typeof client !== "object" || typeof client.dispatch !== "function") {
      throw new ConfigError("client", "must be an undici Dispatcher (new Pool(url), new Agent(), ...)");
    }
    resolved.client = client as DispatcherLike;
  }
  return resolved;
}

const normalisedBaseURLs = new Map<string, { url: string; credentials: string[] }>();

/** A base URL without trailing slashes or `/v1`, and the credentials it carries (for redaction). */
export function normaliseBaseURL(raw: string): { url: string; credentials: string[] } {
  let known = normalisedBaseURLs.get(raw);
  if (known === undefined) {
    known = parseBaseURL(raw);
    // Base URLs are few; a program minting many must not grow this without bound.
    if (normalisedBaseURLs.size > 64) normalisedBaseURLs.clear();
    normalisedBaseURLs.set(raw, known);
  }
  return known;
}

function parseBaseURL(raw: string): { url: string; credentials: string[] } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError("baseURL", `not a URL: ${JSON.stringify(raw)}; use the service root, e.g. https://relay.example.com`);
  }
  const credentials = [url.username, url.password].map(decodeURIComponent).filter((c) => c !== "");
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError("baseURL", `must be http(s), got ${url.protocol}`, { secrets: credentials });
  }
  if (url.search !== "" || url.hash !== "") {
    throw new ConfigError("baseURL", "must not have a query or fragment; use the service root, e.g. https://relay.example.com", { secrets: credentials });
  }
  const path = url.pathname.replace(/\/+$/, "").replace(/\/v1$/, "");
  return { url: `${url.protocol}//${url.host}${path}`, credentials };
}

function resolveProvider(value: unknown, fromOptions: boolean): ProviderName {
  if (PROVIDERS.includes(value as ProviderName)) return value as ProviderName;
  const source = fromOptions ? "provider" : "provider (EXTRACTGEN_PROVIDER or the spec)";
  throw new ConfigError(source, `unknown provider ${JSON.stringify(value)}; use one of ${PROVIDERS.join(", ")}`);
}

function checkReasoning(reasoning: ReasoningOptions): ReasoningOptions {
  if (reasoning === null || typeof reasoning !== "object") throw new ConfigError("reasoning", "must be an object { effort?, budgetTokens?, includeThoughts? }");
  if (reasoning.effort !== undefined && !EFFORTS.includes(reasoning.effort)) {
    throw new ConfigError("reasoning.effort", `must be one of ${EFFORTS.join(", ")}`);
  }
  if (reasoning.budgetTokens !== undefined) count("reasoning.budgetTokens", reasoning.budgetTokens, 0);
  if (reasoning.includeThoughts !== undefined && typeof reasoning.includeThoughts !== "boolean") {
    throw new ConfigError("reasoning.includeThoughts", "must be a boolean");
  }
  return reasoning;
}

function count(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) throw new ConfigError(field, "must be a whole number >= 0");
  return value;
}

function positive(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw new ConfigError(field, "must be a number > 0");
  return value;
}

// Node timers hold at most 2^31 - 1 ms (about 24.8 days); a longer one would fire at once.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

function timeout(value: unknown): number {
  const ms = positive("timeoutMs", value, DEFAULT_TIMEOUT_MS);
  if (ms > MAX_TIMEOUT_MS) throw new ConfigError("timeoutMs", `must be at most ${MAX_TIMEOUT_MS} (about 24 days)`);
  return ms;
}

function positiveInteger(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) throw new ConfigError(field, "must be a whole number > 0");
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
