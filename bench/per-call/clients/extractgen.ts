/**
 * extractgen: the generated `extractInvoice` / `streamInvoice`, called as a user would, with the
 * runtime's defaults (its shared keep-alive undici Agent, retries and repairs on, restore and
 * validation of every reply). The stream is consumed snapshot by snapshot, then `final()`.
 */
import { INVOICE_TEXT } from "../../invoice/invoice.js";
import { API_KEY, type BenchClient, type ClientDefinition, type ClientSetup, MODEL } from "../client.js";

interface InvoiceModule {
  extractInvoice(input: string, options: object): Promise<unknown>;
  streamInvoice(input: string, options: object): AsyncIterable<unknown> & { final(): Promise<unknown> };
}

async function create(setup: ClientSetup): Promise<BenchClient> {
  const { extractInvoice, streamInvoice } = (await import(setup.invoiceModule)) as InvoiceModule;
  const options = { baseURL: setup.baseURL, apiKey: API_KEY, model: MODEL };
  return {
    call: () => extractInvoice(INVOICE_TEXT, options),
    async stream() {
      const snapshots = streamInvoice(INVOICE_TEXT, options);
      for await (const partial of snapshots) void partial;
      return snapshots.final();
    },
  };
}

const extractgen: ClientDefinition = { label: "extractgen generated extractor", packages: ["extractgen", "undici"], create };
export default extractgen;
