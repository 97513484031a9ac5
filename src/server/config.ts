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
  /** PEM file of the RSA key outgoing correspondence is DKIM-signed with (RFC 6376); unset: unsigned. */
  dkimPrivateKeyFile?: string | undefined;
  /** The DKIM selector the key's public half is published under (`<selector>._domainkey.<office domain>`). */
  dkimSelector?: string | undefined;
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
    dkimPrivateKeyFile: env.DKIM_PRIVATE_KEY_FILE ? resolve(env.DKIM_PRIVATE_KEY_FILE) : undefined,
    dkimSelector: env.DKIM_SELECTOR || undefined,
  };
}
