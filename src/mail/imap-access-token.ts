/**
 * The access token an office's IMAP poll presents when its mailbox is read by OAuth 2.0, as
 * Exchange Online requires (it no longer takes passwords over IMAP). The application asks the
 * token endpoint with the client credentials grant (RFC 6749 §4.4) and keeps the token until
 * shortly before it expires, so a poll every minute does not ask every minute.
 *
 * The client secret is sent only in the request's body, never logged and never repeated in an
 * error; an error names the settings to look at and what the endpoint answered.
 */
import type { ImapOAuth2Settings } from "../server/config.ts";
import { AppError } from "../shared/errors.ts";

/** A token is renewed this long before the end the endpoint gave it, so no poll starts with one about to lapse. */
const RENEW_BEFORE_MS = 60_000;
/** How long to wait for the token endpoint. */
const TIMEOUT_MS = 15_000;

interface HeldToken {
  accessToken: string;
  expiresAt: number;
}

const held = new Map<string, HeldToken>();

/**
 * @example const token = await imapAccessToken(settings.oauth2);
 *   // → "eyJ0eXAiOiJKV1Qi…", then the same string until a minute before it expires
 */
export async function imapAccessToken(
  oauth2: ImapOAuth2Settings,
  now: () => number = Date.now,
): Promise<string> {
  const key = JSON.stringify([oauth2.tokenUrl, oauth2.clientId, oauth2.scope]);
  const current = held.get(key);
  if (current && current.expiresAt - RENEW_BEFORE_MS > now()) return current.accessToken;
  const token = await requestToken(oauth2, now);
  held.set(key, token);
  return token.accessToken;
}

/** Forgets a held token, so the next poll asks for a new one (the server refused this one). */
export function forgetImapAccessToken(oauth2: ImapOAuth2Settings): void {
  held.delete(JSON.stringify([oauth2.tokenUrl, oauth2.clientId, oauth2.scope]));
}

async function requestToken(oauth2: ImapOAuth2Settings, now: () => number): Promise<HeldToken> {
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: oauth2.clientId,
    client_secret: oauth2.clientSecret,
    scope: oauth2.scope,
  });
  const failed = (why: string, cause?: unknown) =>
    new AppError("invalid_input", `${oauth2.variables}: no access token from ${oauth2.tokenUrl}: ${why}`, {
      field: oauth2.variables,
      cause,
    });
  let response: Response;
  try {
    response = await fetch(oauth2.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw failed((error as Error).message, error);
  }
  const text = await response.text();
  let answer: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object") answer = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: the status says enough.
  }
  if (!response.ok) {
    // RFC 6749 §5.2: `error` and, optionally, `error_description`.
    const said = [answer.error, answer.error_description]
      .filter((part) => typeof part === "string")
      .join(": ");
    throw failed(`HTTP ${response.status}${said ? ` (${said.slice(0, 300)})` : ""}`);
  }
  const accessToken = answer.access_token;
  if (typeof accessToken !== "string" || accessToken === "") throw failed("the answer has no access_token");
  const lifetime = Number(answer.expires_in);
  // RFC 6749 §5.1 makes expires_in optional; without it, an hour, which is what Microsoft issues.
  const seconds = Number.isFinite(lifetime) && lifetime > 0 ? lifetime : 3600;
  return { accessToken, expiresAt: now() + seconds * 1000 };
}
