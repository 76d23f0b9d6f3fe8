/**
 * Compile-only checks of the golden modules (tsconfig.goldens.json): the generated types accept
 * what their schemas accept and reject what they reject (`@ts-expect-error` fails the build when
 * a wrong value is accepted). Nothing here runs.
 */
import * as runtime from "extractgen/runtime";
import type { CalendarEvent } from "../../fixtures/cases/relay-examples/expected/calendar-event.js";
import { type MathReasoning, extractMathReasoning, mathReasoningSpec, streamMathReasoning } from "../../fixtures/cases/relay-examples/expected/math-reasoning.js";
import type { Payment } from "../../fixtures/cases/union-discriminated/expected/payment.js";
import type { Person } from "../../fixtures/cases/nullable-vs-optional/expected/person.js";
import type { GeoFeature } from "../../fixtures/cases/tuples/expected/geo.js";
import type { LegacyTuple } from "../../fixtures/cases/tuples/expected/legacy-tuple.js";
import type { Ticket } from "../../fixtures/cases/enums/expected/ticket.js";
import type { Settings } from "../../fixtures/cases/additional-properties/expected/settings.js";
import type { Invoice, InvoiceV1 } from "../../fixtures/cases/versions/expected/index.js";
import { extractInvoice, invoiceSpec } from "../../fixtures/cases/versions/expected/index.js";
import type { Outline, Section } from "../../fixtures/cases/recursion-tree/expected/outline.js";
import type { Sentiment } from "../../fixtures/cases/non-object-roots/expected/sentiment.js";
import type { Keywords } from "../../fixtures/cases/non-object-roots/expected/keywords.js";
import type { OddNames } from "../../fixtures/cases/odd-property-names/expected/odd.js";
import type { Shape } from "../../fixtures/cases/union-shared-properties/expected/shape.js";
import type { Party } from "../../fixtures/cases/refs-across-files/expected/_party.js";
import type { Invoice as CrossFileInvoice } from "../../fixtures/cases/refs-across-files/expected/invoice.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}

// The relay documentation's examples.
export const event: CalendarEvent = { name: "Science fair", date: "Friday", participants: ["Alice", "Bob"] };
// @ts-expect-error participants are strings
export const eventWithNumbers: CalendarEvent = { name: "x", date: "y", participants: [1] };
// @ts-expect-error the object is closed: no undeclared keys
export const eventWithExtra: CalendarEvent = { name: "x", date: "y", participants: [], location: "z" };
// @ts-expect-error every property is required
export const eventWithoutDate: CalendarEvent = { name: "x", participants: [] };
export const reasoning: MathReasoning = { steps: [{ explanation: "Subtract 7", output: "8x = -30" }], final_answer: "x = -3.75" };

// Generated functions and the spec carry the type.
export const extracted: Equal<ReturnType<typeof extractMathReasoning>, Promise<MathReasoning>> = true;
export const streamed: Equal<ReturnType<typeof streamMathReasoning>, runtime.ExtractStream<MathReasoning>> = true;
export const specData: Equal<runtime.SpecData<typeof mathReasoningSpec>, MathReasoning> = true;
export function narrowWithValidate(value: unknown): string | undefined {
  const checked = runtime.validate(mathReasoningSpec, value);
  return checked.ok ? checked.value.final_answer : undefined;
}

// Discriminated unions narrow on their const property.
export function describePayment(payment: Payment): string {
  const method = payment.method;
  switch (method.kind) {
    case "card":
      return method.last4;
    case "bank_transfer":
      return method.iban;
    case "cash":
      return method.currency ?? "cash";
    default: {
      const unreachable: never = method;
      return unreachable;
    }
  }
}
export function describeShape(shape: Shape): number {
  return shape.kind === "circle" ? shape.radius : shape.width * shape.height;
}

// Nullable is not optional, optional is not nullable (exactOptionalPropertyTypes).
export const person: Person = { requiredString: "a", requiredNullable: null, nullableObject: null };
// @ts-expect-error a nullable property is still required
export const personWithoutNullable: Person = { requiredString: "a", nullableObject: null };
// @ts-expect-error an optional, non-nullable property cannot be null
export const personWithNullOptional: Person = { requiredString: "a", requiredNullable: "b", nullableObject: { value: "c" }, optionalString: null };

// Tuples from prefixItems: exact where items is false, a prefix otherwise.
export const geo: GeoFeature = { point: [13.4, 52.5], labelledPoint: ["a"], range: [1, 2, "x"] };
// @ts-expect-error the point has exactly two numbers
export const geoLong: GeoFeature = { point: [1, 2, 3] };
// @ts-expect-error the range starts with two integers
export const geoRange: GeoFeature = { point: [1, 2], range: [1] };
export const legacy: LegacyTuple = ["a", true];

// Enums, mixed enums and enums with null.
export const ticket: Ticket = { priority: "high", mixed: 1.5, withNull: null, severity: 2, tags: ["quoted \"tag\""] };
// @ts-expect-error not one of the enum's values
export const ticketUrgent: Ticket = { priority: "urgent" };

// additionalProperties: unspecified closes, true and schemas open with an index signature.
export const settings: Settings = { openTrue: { a: "x", anything: 1 }, numberMap: { a: 1 }, freeForm: { deep: { x: 1 } }, requiredUndeclared: { a: "x", b: [1] } };
// @ts-expect-error closed by default (design.md §3)
export const settingsClosed: Settings = { closedByDefault: { a: "x", b: 1 } };
// @ts-expect-error the map's values are numbers
export const settingsMap: Settings = { numberMap: { a: "1" } };

// Versions: the unversioned names point at the newest version.
assertType<Equal<Invoice, import("../../fixtures/cases/versions/expected/invoice-v2.js").InvoiceV2>>();
export const oldInvoice: InvoiceV1 = { number: "1", total: 2 };
// @ts-expect-error version 2 requires a currency
export const newInvoice: Invoice = { number: "1", total: 2 };
export const newest: Equal<ReturnType<typeof extractInvoice>, Promise<Invoice>> = true;
export const newestSpec: Equal<runtime.SpecData<typeof invoiceSpec>, Invoice> = true;

// Recursion and references across files.
export const outline: Outline = { title: "Doc", sections: [{ heading: "1", children: [{ heading: "1.1", children: [] }] }] };
export const section: Section = { heading: "x", children: [] };
export const crossFile: Equal<CrossFileInvoice["seller"], Party> = true;

// Non-object roots.
export const sentiment: Sentiment = "neutral";
// @ts-expect-error not a sentiment
export const badSentiment: Sentiment = "angry";
export const keywords: Keywords = ["a", "b"];

// Odd property names are quoted, and are own properties of the type.
export const odd: OddNames = { "with space": "a", constructor: "b", __proto__: 1, "close */ comment": "c", "1st": 1, "": "empty" };
