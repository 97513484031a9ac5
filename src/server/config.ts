import { resolve } from "node:path";
import { AppError } from "../shared/errors.ts";

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
  /**
   * The dispatcher's `DISPATCH_*` settings as the operator wrote them, checked by `dispatchSettings`
   * when a dispatcher starts, so a bad value stops the dispatcher and nothing else.
   */
  dispatch?: Partial<Record<keyof DispatchSettings, string>>;
}

/** How a dispatcher process works the queue. */
export interface DispatchSettings {
  /** Messages handed to the SMTP server at once (`DISPATCH_IN_FLIGHT`). */
  inFlight: number;
  /**
   * Rows claimed by one pass (`DISPATCH_BATCH_SIZE`). A process that dies after the server accepted
   * a message but before recording it leaves at most this many rows to be sent a second time.
   */
  batchSize: number;
  /** How long a claim holds a row before another dispatcher takes it over (`DISPATCH_LEASE_MS`). */
  leaseMs: number;
  /** Wait between two looks at an empty queue (`DISPATCH_POLL_MS`). */
  pollMs: number;
}

const DISPATCH_VARIABLES: Record<keyof DispatchSettings, string> = {
  inFlight: "DISPATCH_IN_FLIGHT",
  batchSize: "DISPATCH_BATCH_SIZE",
  leaseMs: "DISPATCH_LEASE_MS",
  pollMs: "DISPATCH_POLL_MS",
};

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
    dispatch: Object.fromEntries(
      Object.entries(DISPATCH_VARIABLES).flatMap(([key, name]) => (env[name] ? [[key, env[name]]] : [])),
    ),
  };
}

/**
 * The dispatcher's settings with their defaults; a value that is not a whole number of 1 or more is
 * refused naming its variable.
 *
 * @example dispatchSettings(configFromEnv({ DISPATCH_IN_FLIGHT: "8" }))
 *   // → { inFlight: 8, batchSize: 32, leaseMs: 300000, pollMs: 1000 }
 */
export function dispatchSettings(config: Pick<Config, "dispatch">): DispatchSettings {
  const given = config.dispatch ?? {};
  const read = (key: keyof DispatchSettings, fallback: number): number => {
    const text = given[key]?.trim();
    if (text === undefined || text === "") return fallback;
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new AppError(
        "invalid_input",
        `${DISPATCH_VARIABLES[key]}: must be a whole number, 1 or more (got "${given[key]}")`,
      );
    }
    return value;
  };
  const inFlight = read("inFlight", 50);
  return {
    inFlight,
    batchSize: read("batchSize", 4 * inFlight),
    leaseMs: read("leaseMs", 5 * 60_000),
    pollMs: read("pollMs", 1000),
  };
}
