// The `socle` command. Commands load their services lazily, so that a command reading the referential starts fast.
import { Command, CommanderError } from 'commander';
import { handleCrash } from './cli-helpers.js';
import { registerCommands } from './commands/index.js';

const program = new Command();
program
  .name('socle')
  .description('Socle — diagnostics territoriaux (ABS, CTG) à partir des données publiques')
  .version('0.1.0', '-V, --version', 'affiche la version')
  .helpOption('-h, --help', 'affiche l’aide')
  .showHelpAfterError('(socle --help pour l’aide)')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s.replace(/^error:/, 'erreur :')) });

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // --help and --version exit 0; a missing argument or unknown option is invalid input.
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else handleCrash(e);
}
