/** What each client of the per-call benchmark implements (one file per client in clients/). */

/** One way of getting the invoice from the fake server, set up once per worker process. */
export interface BenchClient {
  /** One non-streaming call; resolves with the validated invoice. */
  call(): Promise<unknown>;
  /**
   * One streaming call, consuming the partial values the client offers as a user interface would
   * (every snapshot, chunk or partial object it yields); resolves with the validated invoice.
   */
  stream(): Promise<unknown>;
}

export interface ClientSetup {
  /** The fake server's root, e.g. `http://127.0.0.1:40123` (no `/v1`). */
  baseURL: string;
  /** The generated invoice extractor module, compiled (absolute path). */
  invoiceModule: string;
}

/** A client file's default export. */
export interface ClientDefinition {
  /** Row label in the tables. */
  label: string;
  /** npm packages whose installed versions the report names. */
  packages: readonly string[];
  create(setup: ClientSetup): Promise<BenchClient>;
}

export const MODEL = "gpt-4o-mini";
export const API_KEY = "sk-bench-not-a-real-key";
