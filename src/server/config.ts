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
  /**
   * The `IMAP_*` settings as the operator wrote them: `IMAP_URL_<OFFICE CODE>` for each office
   * mailbox to poll, keyed by variable name, and `IMAP_AFTER_STORE`, `IMAP_POLL_MS`. Checked by
   * `imapSettings` when the mail part starts.
   */
  imap?: Record<string, string>;
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
    imap: Object.fromEntries(
      Object.entries(env).flatMap(([name, value]) =>
        /^IMAP_/.test(name) && value !== undefined && value !== "" ? [[name, value]] : [],
      ),
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

/** One office mailbox read over IMAP (RFC 9051) instead of, or as well as, receiving it by SMTP. */
export interface ImapMailboxSettings {
  /** The office whose generic mailbox this is. */
  officeCode: string;
  /** The variable it came from, named in errors. */
  variable: string;
  /**
   * Which of the office's addresses this mailbox is: its generic (enquiries) mailbox, from
   * `IMAP_URL_<CODE>`, or its manager mailbox, from `IMAP_MANAGER_URL_<CODE>`.
   */
  address: "generic" | "manager";
  host: string;
  port: number;
  /** Implicit TLS (`imaps://`, port 993); `imap://` upgrades with STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  /** The password of the URL; empty when the mailbox is read with an OAuth 2.0 access token. */
  password: string;
  /** Set when the mailbox is read with an OAuth 2.0 access token instead of a password. */
  oauth2?: ImapOAuth2Settings;
  /** The folder read; `INBOX` unless the URL's path names another. */
  folder: string;
  /**
   * What marks a message as stored, once it is committed: `\Seen` and the keyword `$DossierStored`
   * (the message stays where it is), or a move to another folder.
   */
  afterStore: { action: "flag" } | { action: "move"; folder: string };
}

/**
 * An application's access to a mailbox by OAuth 2.0, as Microsoft 365 requires for IMAP: a token is
 * asked of `tokenUrl` with the client credentials grant (RFC 6749 §4.4) and given to the IMAP server
 * by SASL XOAUTH2 or OAUTHBEARER (RFC 7628).
 */
export interface ImapOAuth2Settings {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  /** The variable prefix named in errors, e.g. `IMAP_OAUTH_*_OTT`. */
  variables: string;
}

/** The scope of Exchange Online's IMAP for an application's own token. */
export const IMAP_OAUTH_DEFAULT_SCOPE = "https://outlook.office365.com/.default";

const IMAP_OAUTH_PART = /^IMAP_OAUTH_(TOKEN_URL|CLIENT_ID|CLIENT_SECRET|SCOPE)_([A-Z0-9_]{2,16})$/;

export interface ImapSettings {
  mailboxes: ImapMailboxSettings[];
  /** Wait between two polls of one mailbox (`IMAP_POLL_MS`). */
  pollMs: number;
}

const IMAP_URL_EXAMPLE = "imaps://ottawa%40office.example:secret@mail.office.example/INBOX";

/**
 * The IMAP mailboxes to poll, from `IMAP_URL_<OFFICE CODE>` (a hyphen in the code is written `_`)
 * and `IMAP_MANAGER_URL_<OFFICE CODE>`, each with a password or the office's `IMAP_OAUTH_*_<OFFICE CODE>`,
 * `IMAP_AFTER_STORE` (`flag`, the default, or `move:<folder>`) and `IMAP_POLL_MS` (default 60000).
 * A value that cannot be used is refused naming its variable.
 *
 * @example imapSettings(configFromEnv({ IMAP_URL_OTT: "imaps://ott%40office.example:pw@mail.office.example" }))
 *   // → { mailboxes: [{ officeCode: "OTT", host: "mail.office.example", port: 993, folder: "INBOX", … }], pollMs: 60000 }
 */
export function imapSettings(config: Pick<Config, "imap">): ImapSettings {
  const given = config.imap ?? {};
  // A URL's value is never repeated: it may hold a password.
  const invalid = (variable: string, rule: string) =>
    new AppError(
      "invalid_input",
      /^IMAP_(MANAGER_)?URL_/.test(variable)
        ? `${variable}: ${rule}`
        : `${variable}: ${rule} (got "${given[variable]}")`,
    );
  const after = (given.IMAP_AFTER_STORE ?? "flag").trim();
  let afterStore: ImapMailboxSettings["afterStore"];
  if (after === "flag") afterStore = { action: "flag" };
  else if (/^move:.+$/.test(after)) afterStore = { action: "move", folder: after.slice(5).trim() };
  else throw invalid("IMAP_AFTER_STORE", 'must be "flag" or "move:<folder>", e.g. move:Dossier');
  const pollText = (given.IMAP_POLL_MS ?? "60000").trim();
  const pollMs = /^\d+$/.test(pollText) ? Number(pollText) : Number.NaN;
  if (!Number.isSafeInteger(pollMs) || pollMs < 1000) {
    throw invalid("IMAP_POLL_MS", "must be a whole number of milliseconds, 1000 or more");
  }
  const mailboxes: ImapMailboxSettings[] = [];
  for (const [variable, value] of Object.entries(given).sort(([a], [b]) => a.localeCompare(b))) {
    const named = /^IMAP_(URL|MANAGER_URL)_([A-Z0-9_]{2,16})$/.exec(variable);
    const code = named?.[2];
    if (!code) {
      const oauthCode = IMAP_OAUTH_PART.exec(variable)?.[2];
      if (
        oauthCode !== undefined &&
        given[`IMAP_URL_${oauthCode}`] === undefined &&
        given[`IMAP_MANAGER_URL_${oauthCode}`] === undefined
      ) {
        throw new AppError(
          "invalid_input",
          `${variable}: there is no IMAP_URL_${oauthCode} or IMAP_MANAGER_URL_${oauthCode} for this mailbox's address and user name`,
        );
      }
      if (oauthCode === undefined && !["IMAP_AFTER_STORE", "IMAP_POLL_MS"].includes(variable)) {
        throw new AppError(
          "invalid_input",
          `${variable}: not a Dossier setting; IMAP mailboxes are given as IMAP_URL_<OFFICE CODE>, e.g. IMAP_URL_OTT`,
        );
      }
      continue;
    }
    let url: URL;
    try {
      url = new URL(value.trim());
    } catch {
      throw invalid(variable, `must be a URL such as ${IMAP_URL_EXAMPLE}`);
    }
    if (url.protocol !== "imap:" && url.protocol !== "imaps:") {
      throw invalid(variable, `must start with imap:// or imaps://, e.g. ${IMAP_URL_EXAMPLE}`);
    }
    const oauth2 = imapOAuth2Settings(given, code);
    if (!url.username || (!url.password && !oauth2)) {
      throw invalid(
        variable,
        `must give the user name and password (an @ in the name is written %40), e.g. ${IMAP_URL_EXAMPLE}, or the user name alone with IMAP_OAUTH_TOKEN_URL_${code}, IMAP_OAUTH_CLIENT_ID_${code} and IMAP_OAUTH_CLIENT_SECRET_${code}`,
      );
    }
    if (url.password && oauth2) {
      throw invalid(variable, `gives a password and IMAP_OAUTH_*_${code} gives a token: keep one of the two`);
    }
    const secure = url.protocol === "imaps:";
    let user: string;
    let password: string;
    let folder: string;
    try {
      user = decodeURIComponent(url.username);
      password = decodeURIComponent(url.password);
      folder = decodeURIComponent(url.pathname.replace(/^\//, "")) || "INBOX";
    } catch {
      throw invalid(variable, "has a % that does not start a valid escape (write % itself as %25)");
    }
    mailboxes.push({
      officeCode: code.replaceAll("_", "-"),
      variable,
      address: named?.[1] === "MANAGER_URL" ? "manager" : "generic",
      host: url.hostname.replace(/^\[|\]$/g, ""),
      port: url.port ? Number(url.port) : secure ? 993 : 143,
      secure,
      user,
      password,
      ...(oauth2 ? { oauth2 } : {}),
      folder,
      afterStore,
    });
  }
  return { mailboxes, pollMs };
}

/**
 * The OAuth 2.0 client of one mailbox, from `IMAP_OAUTH_TOKEN_URL_<CODE>`, `IMAP_OAUTH_CLIENT_ID_<CODE>`,
 * `IMAP_OAUTH_CLIENT_SECRET_<CODE>` and `IMAP_OAUTH_SCOPE_<CODE>` (Exchange Online's by default);
 * undefined when none is given. A secret is never repeated in an error.
 */
function imapOAuth2Settings(given: Record<string, string>, code: string): ImapOAuth2Settings | undefined {
  const read = (part: string) => given[`IMAP_OAUTH_${part}_${code}`]?.trim() ?? "";
  const tokenUrl = read("TOKEN_URL");
  const clientId = read("CLIENT_ID");
  const clientSecret = read("CLIENT_SECRET");
  const scope = read("SCOPE");
  if (!tokenUrl && !clientId && !clientSecret && !scope) return undefined;
  for (const [part, value] of [
    ["TOKEN_URL", tokenUrl],
    ["CLIENT_ID", clientId],
    ["CLIENT_SECRET", clientSecret],
  ] as const) {
    if (!value) {
      throw new AppError(
        "invalid_input",
        `IMAP_OAUTH_${part}_${code}: is required when another IMAP_OAUTH_*_${code} is given`,
      );
    }
  }
  let url: URL;
  try {
    url = new URL(tokenUrl);
  } catch {
    throw new AppError(
      "invalid_input",
      `IMAP_OAUTH_TOKEN_URL_${code}: must be the token endpoint's URL, e.g. https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token (got "${tokenUrl}")`,
    );
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new AppError(
      "invalid_input",
      `IMAP_OAUTH_TOKEN_URL_${code}: must use https:// (a client secret is sent to it; plain http:// only on this machine) (got "${tokenUrl}")`,
    );
  }
  return {
    tokenUrl: url.toString(),
    clientId,
    clientSecret,
    scope: scope || IMAP_OAUTH_DEFAULT_SCOPE,
    variables: `IMAP_OAUTH_*_${code}`,
  };
}
