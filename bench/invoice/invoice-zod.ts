/**
 * The invoice schema in zod, for the libraries that take zod (openai, ai, instructor): the same
 * fields, required set and constraints as invoice.schema.json, so every client validates the same
 * things. zod 4 for openai and ai; instructor 1.7 converts with zod-to-json-schema 3, which reads
 * zod 3 schemas only, so it gets the same builder run over `zod/v3` (zod 4 ships the zod 3 API
 * there, and the builder uses only methods both have). The openai SDK refuses `.optional()` in
 * strict mode ("all fields must be required"), so its users write optional fields `.nullable()`.
 */
import { z } from "zod";
import { z as z3 } from "zod/v3";

type Optional = <T extends z.ZodType>(schema: T) => z.ZodOptional<T> | z.ZodNullable<T>;

function buildInvoice(zod: typeof z, optional: Optional) {
  const address = zod.object({
    street: zod.string(),
    city: zod.string(),
    postalCode: optional(zod.string()),
    country: zod.string().regex(/^[A-Z]{2}$/),
  });
  const party = zod.object({ name: zod.string().min(1), vatId: optional(zod.string()), address: optional(address) });
  const line = zod.object({
    description: zod.string().min(1),
    sku: optional(zod.string()),
    quantity: zod.number().gt(0),
    unitPrice: zod.number(),
    taxRate: optional(zod.number().min(0).max(1)),
  });
  return zod.object({
    invoiceNumber: zod.string().min(1),
    issueDate: zod.string().date(),
    dueDate: optional(zod.string().date()),
    currency: zod.enum(["EUR", "USD", "GBP", "CHF"]),
    seller: party,
    buyer: party,
    lines: zod.array(line).min(1),
    subtotal: optional(zod.number()),
    tax: optional(zod.number().min(0)),
    total: zod.number(),
    notes: optional(zod.string()),
  });
}

const asOptional: Optional = (schema) => schema.optional();

/** The invoice in zod 4 (for ai). */
export const InvoiceZod = buildInvoice(z, asOptional);

/** The invoice in zod 4 with optional fields nullable (for openai's strict mode). */
export const InvoiceZodNullable = buildInvoice(z, (schema) => schema.nullable());

/** The invoice in the zod 3 API (for instructor). */
export const InvoiceZod3 = buildInvoice(z3 as unknown as typeof z, asOptional);
