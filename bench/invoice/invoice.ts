/**
 * The one document every per-call and validation benchmark uses: an invoice schema (nested
 * objects, an array, an enum, a date format, a pattern, bounds), the text a model would extract it
 * from, and the ~1 KB reply a model gives. Paths are relative to the repository root, which is the
 * working directory of every benchmark (`npm run bench`).
 */
import { readFileSync } from "node:fs";

export const INVOICE_SCHEMA_FILE = "bench/invoice/invoice.schema.json";
const INVOICE_REPLY_FILE = "bench/invoice/reply.json";

/** The system prompt every client sends (the schema's `description`, as extractgen does). */
export const INVOICE_INSTRUCTIONS = "Extract the invoice: number, dates, currency, both parties, every line and the totals.";

/** The user text every client sends. */
export const INVOICE_TEXT = [
  "RECHNUNG / INVOICE INV-2026-0417, Hamburg, 14 March 2026, due 13 April 2026.",
  "From Nordlicht Werkzeuge GmbH, Hafenstraße 12, 20457 Hamburg, DE, VAT DE811907980",
  "to Atelier Brun SARL, 14 rue des Tanneurs, 69002 Lyon, FR, VAT FR40303265045.",
  "4 x cordless drill 18 V with two batteries (CD-18-2B) at 129.90; 10 x hex bit set 32 pieces (HB-32) at 14.50;",
  "1 x workbench, beech top, 150 cm (WB-150) at 389.00; 25 x safety glasses anti-fog (SG-AF) at 6.80;",
  "freight, pallet to Lyon (FR-PAL) 85.00. All lines 19 % VAT. Net 1,168.60 EUR, VAT 222.03, total 1,390.63 EUR.",
  "Payable within 30 days without deduction. Reverse charge does not apply; goods shipped from Hamburg.",
].join("\n");

/** The invoice the model replies with, as a value. */
export function readInvoiceReply(): unknown {
  return JSON.parse(readFileSync(INVOICE_REPLY_FILE, "utf8"));
}

