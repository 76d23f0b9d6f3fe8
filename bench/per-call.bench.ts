/**
 * Per-call overhead (#8 item 1): what each client costs on its own side to get one validated
 * invoice from an OpenAI-compatible server that answers at once. The fake server (per-call/
 * fake-openai.ts) and every client (per-call/clients/) run in processes of their own; the clients
 * take turns (A B C D E, then E D C B A, ...), one batch at a time, so they never compete for the
 * CPU and drift in machine load spreads over all of them. Each batch keeps 1 or 32 calls in flight
 * for a fixed wall time; a client's figure is the median over the rounds of its CPU (user +
 * system, `process.cpuUsage` in its own process) per request, and of its requests per second.
 */
import { packageVersion } from "./machine.js";
import { median, num, ratio, table, target } from "./report.js";
import { readSettings } from "./settings.js";
import type { Mode } from "./per-call/client-process.js";
import { completionBody, DELTA_CHARS, invoiceContent, sseBody } from "./per-call/replies.js";
import { type ClientWorker, startClientWorker, startFakeServer } from "./per-call/processes.js";
import { generateProject } from "./generated/generate-project.js";
import { INVOICE_SCHEMA_FILE } from "./invoice/invoice.js";

/** Client files in clients/, the floor first and extractgen second (the ratios refer to both). */
const CLIENTS = ["floor", "extractgen", "openai-sdk", "ai-sdk", "instructor"] as const;
const LIBRARIES = CLIENTS.slice(2);
const CONCURRENCY = [1, 32] as const;
const MODES: readonly { mode: Mode; title: string }[] = [
  { mode: "json", title: "non-streaming (chat completion JSON)" },
  { mode: "sse", title: `streaming (SSE, ${DELTA_CHARS}-character deltas)` },
];

/** CPU µs per request and requests per second of one batch. */
interface Sample {
  cpuPerRequest: number;
  perSecond: number;
}

type Key = `${Mode} ${number} ${string}`;
const keyOf = (mode: Mode, concurrency: number, client: string): Key => `${mode} ${concurrency} ${client}`;

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2));
  const invoiceModule = (await generateProject("per-call", [INVOICE_SCHEMA_FILE])).modulePath("invoice");
  const server = await startFakeServer();
  const workers: ClientWorker[] = [];
  try {
    const setup = { baseURL: server.baseURL, invoiceModule };
    const names = CLIENTS.filter((name) => settings.clients === undefined || name === "floor" || settings.clients.includes(name));
    workers.push(...(await Promise.all(names.map((name) => startClientWorker(name, setup)))));
    const samples = new Map<Key, Sample[]>();
    for (const { mode } of MODES) {
      for (const concurrency of CONCURRENCY) {
        for (const worker of workers) await worker.run({ mode, concurrency, durationMs: settings.warmMs });
        for (let round = 0; round < settings.rounds; round++) {
          const order = round % 2 === 0 ? workers : [...workers].reverse();
          for (const worker of order) {
            process.stderr.write(`per-call: ${mode}, ${concurrency} in flight, round ${round + 1}/${settings.rounds}: ${worker.name}\n`);
            const batch = await worker.run({ mode, concurrency, durationMs: settings.batchMs });
            const key = keyOf(mode, concurrency, worker.name);
            const list = samples.get(key) ?? [];
            list.push({ cpuPerRequest: batch.cpuUs / batch.requests, perSecond: (batch.requests * 1000) / batch.wallMs });
            samples.set(key, list);
          }
        }
      }
    }
    console.log(render(workers, samples, settings.rounds, settings.batchMs));
  } finally {
    for (const worker of workers) worker.stop();
    server.stop();
  }
}

function render(workers: readonly ClientWorker[], samples: Map<Key, Sample[]>, rounds: number, batchMs: number): string {
  const present = new Set(workers.map((w) => w.name));
  const libraries = LIBRARIES.filter((lib) => present.has(lib));
  const cpu = (mode: Mode, concurrency: number, client: string): number => median((samples.get(keyOf(mode, concurrency, client)) ?? []).map((s) => s.cpuPerRequest));
  const rate = (mode: Mode, concurrency: number, client: string): number => median((samples.get(keyOf(mode, concurrency, client)) ?? []).map((s) => s.perSecond));
  const out = [`### Per-call overhead`, ""];
  const header = ["client", ...CONCURRENCY.flatMap((c) => [`req/s at ${c}`, `CPU µs/req at ${c}`, `CPU vs floor at ${c}`])];
  for (const { mode, title } of MODES) {
    const rows = workers.map((w) => [
      `${w.label} (${w.packages.map((p) => `${p} ${packageVersion(p)}`).join(", ")})`,
      ...CONCURRENCY.flatMap((c) => [num(rate(mode, c, w.name)), num(cpu(mode, c, w.name)), ratio(cpu(mode, c, w.name) / cpu(mode, c, "floor"))]),
    ]);
    out.push(`#### ${title}`, "", table(header, rows), "");
  }
  const content = invoiceContent();
  out.push(
    `Median of ${rounds} interleaved rounds of ${batchMs} ms per client and setting, after a warm-up batch. The reply: the ${content.length}-byte invoice (bench/invoice/reply.json) in a ${completionBody(content).length}-byte chat completion, or streamed as ${Math.ceil(content.length / DELTA_CHARS) + 4} SSE events (${sseBody(content).length} bytes, sent in one write).`,
    "",
  );
  for (const { mode, title } of MODES) {
    for (const c of CONCURRENCY) {
      if (!present.has("extractgen")) continue;
      const ours = cpu(mode, c, "extractgen");
      const overFloor = ours / cpu(mode, c, "floor");
      out.push(target(`extractgen CPU/request <= 1.3x the floor, ${title}, ${c} in flight`, overFloor <= 1.3, ratio(overFloor)));
      if (libraries.length === 0) continue;
      const cheapest = Math.min(...libraries.map((lib) => cpu(mode, c, lib) / ours));
      const which = libraries.find((lib) => cpu(mode, c, lib) / ours === cheapest) ?? "";
      out.push(target(`every library >= 5x extractgen's CPU/request, ${title}, ${c} in flight`, cheapest >= 5, `lowest: ${which} ${ratio(cheapest)}`));
    }
  }
  return out.join("\n");
}

await main();
