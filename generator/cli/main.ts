#!/usr/bin/env node
import yargs, { type CommandModule } from "yargs";
import { hideBin } from "yargs/helpers";

/**
 * Each command's module, imported only when that command runs: the pipeline behind `generate`
 * takes seconds to load, and `generate` with nothing to do must answer in well under one.
 */
const COMMANDS: Record<string, () => Promise<CommandModule<object, never>>> = {
  generate: async () => (await import("./generate.js")).generateCommand as CommandModule<object, never>,
  check: async () => (await import("./check.js")).checkCommand as CommandModule<object, never>,
  diff: async () => (await import("./diff.js")).diffCommand as CommandModule<object, never>,
  lower: async () => (await import("./lower.js")).lowerCommand as CommandModule<object, never>,
  run: async () => (await import("./run.js")).runCommand as CommandModule<object, never>,
  mock: async () => (await import("./mock.js")).mockCommand as CommandModule<object, never>,
  init: async () => (await import("./init.js")).initCommand as CommandModule<object, never>,
};

/** The `extractgen` command line: each command lives in its own file (style.md rule 6). */
const args = hideBin(process.argv);
const requested = args[0] !== undefined && Object.hasOwn(COMMANDS, args[0]) ? [COMMANDS[args[0]]!] : Object.values(COMMANDS);
let cli = yargs(args).scriptName("extractgen");
for (const command of await Promise.all(requested.map((load) => load()))) cli = cli.command(command);
await cli
  .demandCommand(1, "name a command")
  .strict()
  .help()
  // Usage errors exit 2 (design.md §5), not yargs' default 1.
  .fail((message, error) => {
    if (error) throw error;
    process.stderr.write(`error: ${message}\n  hint: extractgen --help\n`);
    process.exit(2);
  })
  .parseAsync();
