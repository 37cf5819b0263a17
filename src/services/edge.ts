// Messages name what the caller can type: a command-line option and a `socle` command, or an API parameter and an
// endpoint. The context says which edge it serves (the HTTP app sets 'api'); services word their hints through these.
import type { AppContext } from './context.js';

export type Edge = 'cli' | 'api';

const edgeOf = (ctx: AppContext): Edge => ctx.edge ?? 'cli';

/** An option as the caller writes it: `--millesime` on the command line, `millesime=` in the API. */
export const optionName = (ctx: AppContext, cli: string, api: string = cli): string => (edgeOf(ctx) === 'api' ? `${api}=` : `--${cli}`);

/** An option with its value: `--millesime 2022`, or `millesime=2022`. */
export const optionWith = (ctx: AppContext, name: string, value: string | number): string => (edgeOf(ctx) === 'api' ? `${name}=${value}` : `--${name} ${value}`);

/** A hint to the caller: a `socle` command, or an API request. */
export const hintFor = (ctx: AppContext, cli: string, api: string): string => (edgeOf(ctx) === 'api' ? api : cli);

const IMPORT_OPTIONS = /--(millesime|source|entry|sheet)\b(?: (\d{4}\b|NOM\b|(?:insee|populations-legales|caf|geo|generic)\b))?/g;

/**
 * The import layer knows no edge and words its hints for the command line (« donnez-le avec --millesime 2023 »):
 * for the API they become parameters (« millesime=2023 »).
 */
export const importHintsForEdge = (ctx: AppContext, text: string): string =>
  edgeOf(ctx) === 'api' ? text.replace(IMPORT_OPTIONS, (_, name: string, value?: string) => `${name}=${value ?? ''}`).replace(/--accept-partial\b/g, 'accept_partial=true') : text;
