#!/usr/bin/env node
// `npm run demo`: generate extractors for fixtures/schemas into ./demo, show what was generated,
// type-check them together with a small program, then run that program against the built-in mock
// provider (a real HTTP server on 127.0.0.1) and print the typed results.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const demo = join(root, "demo");
const cli = join(root, "dist/generator/cli/main.js");
const tsc = join(root, "node_modules/typescript/bin/tsc");

rmSync(demo, { recursive: true, force: true });
mkdirSync(demo, { recursive: true });
writeFileSync(join(demo, "extractgen.config.json"), JSON.stringify({ schemas: "../fixtures/schemas", out: "extractors" }, null, 2));

section("1. extractgen generate  (schemas: fixtures/schemas, out: demo/extractors)");
run(process.execPath, [cli, "generate"], demo);

section("2. What was generated");
for (const file of readdirSync(join(demo, "extractors")).sort()) {
  const text = readFileSync(join(demo, "extractors", file), "utf8");
  const exported = [...text.matchAll(/^export (?:declare )?(?:async )?(interface|type|const|function) (\w+)/gm)].map((m) => `${m[1]} ${m[2]}`);
  const reexports = [...text.matchAll(/^export \* from "(.+)";/gm)].map((m) => `* from ${m[1]}`);
  console.log(`demo/extractors/${file}  (${text.split("\n").length} lines)`);
  for (const name of [...exported, ...reexports]) console.log(`    export ${name}`);
}
const calendar = readFileSync(join(demo, "extractors/calendar-event.ts"), "utf8").split("\n");
console.log("\nexcerpt of demo/extractors/calendar-event.ts:\n");
console.log(calendar.slice(0, 13).map((l) => `    ${l}`).join("\n"));

section("3. A program using them, type-checked under strict settings");
writeFileSync(
  join(demo, "main.ts"),
  `import { startMockProvider } from "extractgen/testing";
import { extractCalendarEvent, extractMathReasoning, streamMathReasoning, type CalendarEvent, type MathReasoning } from "./extractors/index.js";

const mock = await startMockProvider({ seed: 7 });
const options = { baseURL: mock.url, apiKey: "demo-key", model: "gpt-4o-2024-11-20" };
try {
  for (const provider of ["openai", "openai-responses", "gemini", "anthropic"] as const) {
    const event: CalendarEvent = await extractCalendarEvent("Alice and Bob are going to a science fair on Friday.", { ...options, provider });
    console.log(\`\${provider.padEnd(16)} CalendarEvent: \${event.name} on \${event.date} with \${event.participants.length} participant(s)\`);
  }
  const math: MathReasoning = await extractMathReasoning("how can I solve 8x + 7 = -23", options);
  console.log(\`openai           MathReasoning: \${math.steps.length} step(s), final answer \${JSON.stringify(math.final_answer)}\`);
  let snapshots = 0;
  const live = streamMathReasoning("how can I solve 8x + 7 = -23", { ...options, provider: "anthropic" });
  for await (const partial of live) {
    snapshots++;
    void partial.steps?.length;
  }
  const streamed = await live.final();
  console.log(\`anthropic stream MathReasoning: \${snapshots} growing snapshot(s), then \${streamed.steps.length} validated step(s)\`);
  console.log(\`\\nthe mock provider answered \${mock.requests.length} requests, each with a value valid for the schema it was sent\`);
} finally {
  await mock.close();
}
`,
);
writeFileSync(
  join(demo, "tsconfig.json"),
  JSON.stringify(
    {
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: true,
        types: ["node"],
        typeRoots: [join(root, "node_modules/@types")],
        rootDir: ".",
        outDir: "dist",
      },
      include: ["main.ts", "extractors"],
    },
    null,
    2,
  ),
);
run(process.execPath, [tsc, "-p", "tsconfig.json"], demo);
console.log("tsc: demo/main.ts and demo/extractors compile (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess)");

section("4. Running it against the mock provider (127.0.0.1)");
run(process.execPath, [join(demo, "dist/main.js")], demo);

function section(title) {
  console.log(`\n== ${title}\n`);
}

function run(command, args, cwd) {
  execFileSync(command, args, { cwd, stdio: "inherit" });
}
