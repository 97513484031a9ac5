import type { Database } from "../db/database.ts";
import type { Config } from "../server/config.ts";
import type { Actor } from "../users/actor.ts";

export type Locale = "en" | "fr";

/** What every request handler can read from the context. */
export interface AppEnv {
  Variables: {
    database: Database;
    config: Config;
    /** The signed-in user (session cookie or API key); null for anonymous requests. */
    actor: Actor | null;
    /** The session's CSRF token, which every form must send back as `_csrf`. */
    csrfToken: string | null;
    sessionToken: string | null;
    locale: Locale;
  };
}

export interface AppDeps {
  database: Database;
  config: Config;
}
