// `amq-ha-lab`: the command-line face of the lab. Each command lives in its own file under
// commands/ and calls the same lab logic the desktop app and serve mode use. main.ts runs it; so
// does the Linux single file (sea-main.ts), whose CommonJS cannot await at its top level.
import { Command, CommanderError } from 'commander';
import { LabError } from '../lab-service.js';
import { registerCommands } from './commands/index.js';

export async function runCli(argv: readonly string[]): Promise<void> {
  // `amq-ha-lab labs | head`: the reader left; there is nothing more to say, and no stack to print.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const program = new Command('amq-ha-lab')
    .description('Hands-on labs for AMQ 7 / Apache Artemis high availability')
    .option('--lab-dir <dir>', 'where the broker is unpacked and the instances live', 'target')
    .option('--installs <dir>', 'where broker zips are found', 'installs')
    .option('--lab <id>', 'which lab (`amq-ha-lab labs` lists them); default: the one the lab dir holds, else replicated-pair')
    .showHelpAfterError()
    .exitOverride();

  registerCommands(program);

  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
    } else if (error instanceof LabError) {
      process.stderr.write(`Error: ${error.message}\n`);
      if (error.hint) process.stderr.write(`Fix: ${error.hint}\n`);
      if (error.details) process.stderr.write(`\n${error.details}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`Unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 2;
    }
  }
}
