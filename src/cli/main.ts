// The `socle` command. Commands load their services lazily, so that a command reading the referential starts fast.
import { Command, CommanderError, Help } from 'commander';
import { handleCrash } from './cli-helpers.js';
import { registerCommands } from './commands/index.js';

/** Commander's own messages, in French (the values they quote are kept). */
const FRENCH: [RegExp, string][] = [
  [/^error: unknown option '(.*)'/, 'erreur : option inconnue « $1 »'],
  [/^error: unknown command '(.*)'/, 'erreur : commande inconnue « $1 »'],
  [/^error: missing required argument '(.*)'/, 'erreur : argument obligatoire manquant « $1 »'],
  [/^error: option '(.*)' argument missing/, 'erreur : l’option « $1 » attend une valeur'],
  [/^error: required option '(.*)' not specified/, 'erreur : option obligatoire absente « $1 »'],
  [/^error: too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\./, 'erreur : trop d’arguments ($3 au lieu de $2)'],
  [/\(Did you mean (.*)\?\)/, '(vouliez-vous dire $1 ?)'],
  [/^error:/, 'erreur :'],
];
const frenchCommanderMessage = (s: string): string => FRENCH.reduce((t, [re, fr]) => t.replace(re, fr), s);

/** Commander's help headings and notes, in French. */
const HELP_FRENCH: [RegExp, string][] = [
  [/^Usage:/m, 'Utilisation :'],
  [/^Options:/m, 'Options :'],
  [/^Commands:/m, 'Commandes :'],
  [/^Arguments:/m, 'Arguments :'],
  [/\(default: ([^)]*)\)/g, '(par défaut : $1)'],
  [/\(choices: ([^)]*)\)/g, '(choix : $1)'],
  [/\[options\]/g, '[options]'],
  [/\[command\]/g, '[commande]'],
];

const program = new Command();
program
  .name('socle')
  .description('Socle — diagnostics territoriaux (ABS, CTG) à partir des données publiques')
  .version('0.1.0', '-V, --version', 'affiche la version')
  .helpOption('-h, --help', 'affiche l’aide')
  .helpCommand('help [commande]', 'affiche l’aide d’une commande')
  .configureHelp({ formatHelp: (cmd, helper) => HELP_FRENCH.reduce((t, [re, fr]) => t.replace(re, fr), Help.prototype.formatHelp.call(helper, cmd, helper)) })
  .showHelpAfterError('(socle --help pour l’aide)')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(frenchCommanderMessage(s)) });

registerCommands(program);

// The options every command takes, written before a subcommand (`socle perimeter --database URL list`), are the
// subcommand's, unless it is given them itself.
program.hook('preAction', (_root, action) => {
  for (let c = action.parent; c; c = c.parent) {
    for (const key of ['database', 'json']) {
      const v = c.getOptionValue(key);
      if (v !== undefined && action.getOptionValue(key) === undefined) action.setOptionValue(key, v);
    }
  }
});

// A reader that stops early (`socle portrait … --json | head`) closes the pipe: what is left to print is dropped and
// the command ends as it would have (an import under way still commits or rolls back whole), with no stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
  });
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // --help and --version exit 0; a missing argument or unknown option is invalid input, said in JSON too when
    // --json was asked (stdout holds machine output only: the error's body, as for any other refusal).
    process.exitCode = e.exitCode === 0 ? 0 : 2;
    if (e.exitCode !== 0 && process.argv.includes('--json')) {
      const message = frenchCommanderMessage(e.message).replace(/^erreur : /, '');
      process.stdout.write(`${JSON.stringify({ error: { code: 'PARAMETRE_INVALIDE', message } }, null, 2)}
`);
    }
  } else handleCrash(e);
}
