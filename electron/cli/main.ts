// The CLI's entry: `amq-ha-lab <command>` (bin/amq-ha-lab.mjs loads this, or its build).
import { runCli } from './run-cli.js';

await runCli(process.argv);
