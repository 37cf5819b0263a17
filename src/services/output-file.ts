// Files the CLI writes (`--out` of report, map, values): checked before any work — folder, rights, extension — and
// written beside the target then renamed, so that a failure never leaves a half-written file. Messages in French.
import { randomBytes } from 'node:crypto';
import { access, constants, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { appError, err, ok, type AppError, type Result } from '../core/result.js';

/** The extension of a path, lower case, without its dot ('' when none). */
export const extensionOf = (path: string): string => /\.([a-z0-9]+)$/i.exec(basename(path))?.[1]?.toLowerCase() ?? '';

/**
 * Checks that `out` can be written: it has one of the `extensions` (when given), its folder exists and is writable,
 * and it is not a folder. Returns the absolute path.
 */
export const checkOutputFile = async (out: string, extensions?: readonly string[]): Promise<Result<string, AppError>> => {
  if (!out.trim()) return err(appError('SORTIE_IMPOSSIBLE', '--out : chemin du fichier à écrire manquant'));
  if (extensions && !extensions.includes(extensionOf(out))) {
    const list = extensions.map((e) => `.${e}`);
    const expected = list.length === 1 ? `un fichier ${list[0]}` : `un fichier ${list.slice(0, -1).join(', ')} ou ${list[list.length - 1]}`;
    return err(appError('PARAMETRE_INVALIDE', `--out « ${out} » : ${expected} est attendu`));
  }
  const file = resolve(out);
  const dir = dirname(file);
  try {
    const s = await stat(dir);
    if (!s.isDirectory()) return err(appError('SORTIE_IMPOSSIBLE', `--out ${out} : ${dir} n'est pas un dossier`));
  } catch {
    return err(appError('SORTIE_IMPOSSIBLE', `--out ${out} : le dossier ${dir} n'existe pas`));
  }
  try {
    await access(dir, constants.W_OK);
  } catch {
    return err(appError('SORTIE_IMPOSSIBLE', `--out ${out} : écriture interdite dans le dossier ${dir}`));
  }
  try {
    if ((await stat(file)).isDirectory()) return err(appError('SORTIE_IMPOSSIBLE', `--out ${out} : c'est un dossier, pas un fichier`));
  } catch {
    // The file does not exist yet: fine.
  }
  return ok(file);
};

const ERRNO_FR: Record<string, string> = {
  ENOSPC: 'disque plein',
  EACCES: 'droit d’écriture refusé',
  EPERM: 'opération interdite',
  EROFS: 'système de fichiers en lecture seule',
  ENOENT: 'dossier introuvable',
  EISDIR: 'c’est un dossier',
  EDQUOT: 'quota de disque dépassé',
};

/** Writes to a temporary file beside the target, then renames it: a failure never leaves a half-written file. */
export const writeFileAtomic = async (file: string, bytes: Uint8Array | string): Promise<Result<void, AppError>> => {
  const temp = `${dirname(file)}/.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, file);
    return ok(undefined);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code ?? '';
    return err(appError('SORTIE_IMPOSSIBLE', `${file} : écriture impossible (${ERRNO_FR[code] ?? (code || 'erreur du système de fichiers')})`));
  }
};
