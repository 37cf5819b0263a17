// The configuration, read from the environment in one place and checked at start; nothing else reads process.env.
import { z } from 'zod';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from './storage/connection.js';

const schema = z.object({
  DATABASE_URL: z
    .string()
    .default(DEFAULT_DATABASE_URL)
    .refine((v) => !('error' in parseDatabaseUrl(v)), { message: "DATABASE_URL : l'adresse doit commencer par sqlite: ou postgres://" }),
  SOCLE_ADMIN_TOKEN: z.string().min(16, 'SOCLE_ADMIN_TOKEN : au moins 16 caractères').optional(),
  SOCLE_CHROMIUM: z.string().optional(),
});

export type Config = {
  databaseUrl: string;
  adminToken?: string;
  chromiumPath?: string;
};

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const parsed = schema.safeParse({
    DATABASE_URL: env.DATABASE_URL || undefined,
    SOCLE_ADMIN_TOKEN: env.SOCLE_ADMIN_TOKEN || undefined,
    SOCLE_CHROMIUM: env.SOCLE_CHROMIUM || undefined,
  });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => i.message));
  return { databaseUrl: parsed.data.DATABASE_URL, adminToken: parsed.data.SOCLE_ADMIN_TOKEN, chromiumPath: parsed.data.SOCLE_CHROMIUM };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`configuration invalide : ${problems.join(' ; ')}`);
  }
}
