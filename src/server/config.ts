import { resolve } from "node:path";

/** Settings from the environment, read in one place. */
export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  smtpPort: number;
  host: string;
  smtpUrl: string | undefined;
  /** Public base URL of the web app, used in links inside emails. */
  baseUrl: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.DOSSIER_DATA_DIR ?? ".dossier"),
    port,
    smtpPort: Number(env.SMTP_PORT ?? 2525),
    host: env.HOST ?? "127.0.0.1",
    smtpUrl: env.SMTP_URL || undefined,
    baseUrl: env.DOSSIER_BASE_URL ?? `http://localhost:${port}`,
  };
}
