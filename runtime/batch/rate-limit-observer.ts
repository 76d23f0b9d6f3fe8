/**
 * Sees every 429 a batch's requests get, including the ones `extract` retries on its own (#7).
 * `extract` hides a 429 it recovers from, but the batch must slow down at the first one, not after
 * retries run out. So the batch sends its requests through an undici interceptor that reports each
 * 429, with the time the request was sent and the delay the server asked for.
 */
import type { Dispatcher } from "undici";
import { serverDelayMs } from "../retry.js";

/** Called for each 429: when its request was sent (ms, `Date.now()` clock) and the delay asked for. */
export type RateLimitListener = (sentAt: number, retryAfterMs: number | undefined) => void;

/** `dispatcher` with every 429 reported to `onRateLimit`; requests and replies pass unchanged. */
export function observeRateLimits(dispatcher: Dispatcher, onRateLimit: RateLimitListener): Dispatcher {
  return dispatcher.compose((dispatch) => (options, handler) => {
    const sentAt = Date.now();
    const observer: Dispatcher.DispatchHandler = {
      onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
      onRequestUpgrade: (controller, statusCode, headers, socket) => handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
      onResponseStart: (controller, statusCode, headers, statusMessage) => {
        if (statusCode === 429) onRateLimit(sentAt, serverDelayMs({ status: statusCode, headers, now: Date.now() }));
        handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
      },
      onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
      onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
      onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
    };
    return dispatch(options, observer);
  });
}
