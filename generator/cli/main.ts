#!/usr/bin/env node
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { checkCommand } from "./check.js";
import { diffCommand } from "./diff.js";
import { generateCommand } from "./generate.js";
import { lowerCommand } from "./lower.js";
import { mockCommand } from "./mock.js";
import { runCommand } from "./run.js";

/** The `extractgen` command line: each command lives in its own file (style.md rule 6). */
await yargs(hideBin(process.argv))
  .scriptName("extractgen")
  .command(generateCommand)
  .command(checkCommand)
  .command(lowerCommand)
  .command(diffCommand)
  .command(runCommand)
  .command(mockCommand)
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
