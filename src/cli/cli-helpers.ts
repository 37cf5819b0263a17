// What every command shares: the global options, opening a context, and turning a Result into output and an exit
// code (0 success · 1 internal error · 2 invalid input), with French messages on stderr.
import type { Command } from 'commander';
import { ConfigError, readConfig } from '../config.js';
import { formatNumber } from '../core/format/number-format.js';
import type { AppError, Result } from '../core/result.js';
import type { AppContext } from '../services/context.js';
import { parseDatabaseUrl } from '../storage/connection.js';

export interface GlobalOptions {
  json?: boolean;
  database?: string;
}

/** Adds --json and --database to a command. */
export const withGlobals = (cmd: Command): Command =>
  cmd.option('--json', 'sortie JSON sur la sortie standard').option('--database <url>', 'base de données (sqlite:CHEMIN ou postgres://…)');

export class ExitError extends Error {
  constructor(readonly exitCode: number, message: string) {
    super(message);
  }
}

export const databaseUrlOf = (opts: GlobalOptions): string => {
  const url = opts.database ?? readConfig().databaseUrl;
  const parsed = parseDatabaseUrl(url);
  if ('error' in parsed) throw new ExitError(2, parsed.error);
  return url;
};

export const printJson = (value: unknown): void => {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
};

/** Prints an expected failure and sets exit code 2. */
export const fail = (opts: GlobalOptions, error: AppError): void => {
  process.stderr.write(`socle : ${error.message}\n`);
  if (opts.json) printJson({ error: { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) } });
  process.exitCode = 2;
};

/**
 * Opens a context on the chosen database (initialising it when new), runs the command's service, presents the
 * result, and always closes the store.
 */
export const withContext = async <T>(
  opts: GlobalOptions,
  fn: (ctx: AppContext) => Promise<Result<T, AppError>>,
  present: (value: T) => string | void,
  options: { autoInit?: boolean; presentsJson?: boolean } = {},
): Promise<void> => {
  const { createContext, closeContext } = await import('../services/context.js');
  const ctx = await createContext(databaseUrlOf(opts), { autoInit: options.autoInit });
  try {
    const result = await fn(ctx);
    if (!result.ok) return fail(opts, result.error);
    // A command may shape its own JSON (the map's summary without its SVG): its presenter prints it.
    if (opts.json && !options.presentsJson) printJson(result.value);
    else {
      const text = present(result.value);
      if (text) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
    }
  } finally {
    await closeContext(ctx);
  }
};

/** Turns anything thrown into exit code 1 (or 2 for a bad configuration), with a French message and no stack. */
export const handleCrash = (e: unknown): void => {
  // With --json, stdout says the error too (a program reading it gets a body, not nothing).
  const json = (code: string, message: string) => {
    if (process.argv.includes('--json')) printJson({ error: { code, message } });
  };
  if (e instanceof ExitError) {
    process.stderr.write(`socle : ${e.message}\n`);
    json('PARAMETRE_INVALIDE', e.message);
    process.exitCode = e.exitCode;
    return;
  }
  if (e instanceof ConfigError) {
    process.stderr.write(`socle : ${e.message}\n`);
    json('CONFIGURATION', e.message);
    process.exitCode = 2;
    return;
  }
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`socle : erreur interne : ${message}\n`);
  json('ERREUR_INTERNE', `erreur interne : ${message}`);
  if (process.env.SOCLE_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  process.exitCode = 1;
};

/** French number formatting for terminal output. */
/** An integer in French format, as everywhere else (core/format: the same output whatever the ICU data of Node). */
export const fmtInt = (n: number | null | undefined): string => (n == null ? '—' : formatNumber(n, 0));
