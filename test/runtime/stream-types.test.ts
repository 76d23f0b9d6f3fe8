/**
 * Compile-time checks (run by `tsc`, the suite's typecheck) that a generated `stream<Name>` — which
 * only calls `stream(spec, input, options)` — gives honest partial types from the public entry point.
 */
import { expectTypeOf, test } from "vitest";
import { type DeepPartial, type ExtractInput, type ExtractOptions, type ExtractResult, type ExtractStream, stream } from "../../runtime/index.js";
import { type Order, orderSpec } from "./helpers/stream-specs.js";

/** What the generator emits for an `Order` schema. */
function streamOrder(input: ExtractInput, options?: ExtractOptions): ExtractStream<Order> {
  return stream(orderSpec(), input, options);
}

test("stream<Name> yields DeepPartial<T> and resolves to T", () => {
  const s = streamOrder("text", { model: "m", apiKey: "k", baseURL: "http://127.0.0.1:9", maxRetries: 0 });
  expectTypeOf(s).toMatchTypeOf<AsyncIterable<DeepPartial<Order>>>();
  expectTypeOf<ReturnType<typeof s.final>>().toEqualTypeOf<Promise<Order>>();
  expectTypeOf<ReturnType<typeof s.result>>().toEqualTypeOf<Promise<ExtractResult<Order>>>();
  s.final().catch(() => undefined);

  type Partial = DeepPartial<Order>;
  expectTypeOf<Partial["status"]>().toEqualTypeOf<"pending" | "shipped" | "delivered" | undefined>();
  expectTypeOf<NonNullable<Partial["lines"]>[number]["qty"]>().toEqualTypeOf<number | undefined>();
  expectTypeOf<NonNullable<Partial["customer"]>["tier"]>().toEqualTypeOf<"gold" | "silver" | undefined>();
  // Every property may be missing, at every depth.
  expectTypeOf<{}>().toMatchTypeOf<Partial>();
  expectTypeOf<{ lines: [{}] }>().toMatchTypeOf<Partial>();
  // ...but a property that is there has its real type.
  expectTypeOf<{ lines: [{ qty: "2" }] }>().not.toMatchTypeOf<Partial>();
});
