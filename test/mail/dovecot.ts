/**
 * A real IMAP server for tests: Dovecot from Debian's packages, started as a child process with its
 * own configuration in a temporary directory (plaintext login on 127.0.0.1, one passwd-file user,
 * maildir storage, no SSL), stopped by `stop()`.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

export interface Dovecot {
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

const BINARY = ["/usr/sbin/dovecot", "/usr/bin/dovecot"].find((path) => existsSync(path));

/** Why the IMAP tests cannot run here, or null when Dovecot is installed. */
export function dovecotMissing(): string | null {
  return BINARY ? null : "Dovecot is not installed (apt-get install dovecot-imapd; .ci/run installs it)";
}

export interface DovecotOptions {
  /**
   * Also accept OAuth 2.0 bearer tokens (SASL XOAUTH2 and OAUTHBEARER), checked by POSTing them to
   * this token introspection endpoint (RFC 7662), which answers `active` and `username`.
   */
  oauth2IntrospectionUrl?: string;
}

export async function startDovecot(
  user: string,
  password: string,
  options: DovecotOptions = {},
): Promise<Dovecot> {
  if (!BINARY) throw new Error(dovecotMissing()!);
  const dir = mkdtempSync(join(tmpdir(), "dossier-dovecot-"));
  // Dovecot's own processes run as other users when started as root; they must read this directory.
  chmodSync(dir, 0o755);
  const mail = join(dir, "mail");
  mkdirSync(mail, { mode: 0o777 });
  chmodSync(mail, 0o777);
  const port = await freePort();
  const accounts = serviceAccounts();
  writeFileSync(join(dir, "users"), `${user}:{PLAIN}${password}\n`, { mode: 0o644 });
  const config = join(dir, "dovecot.conf");
  const oauth2 = options.oauth2IntrospectionUrl;
  if (oauth2) {
    writeFileSync(
      join(dir, "oauth2.conf"),
      `introspection_mode = post
introspection_url = ${oauth2}
force_introspection = yes
username_attribute = username
active_attribute = active
active_value = true
`,
      { mode: 0o644 },
    );
  }
  writeFileSync(
    config,
    `base_dir = ${join(dir, "run")}
state_dir = ${join(dir, "state")}
log_path = ${join(dir, "dovecot.log")}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain${oauth2 ? " xoauth2 oauthbearer" : ""}
default_internal_user = ${accounts.internal}
default_internal_group = ${accounts.internalGroup}
default_login_user = ${accounts.login}
first_valid_uid = 0
mail_location = maildir:${mail}/%n
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${join(dir, "users")}
}
${
  oauth2
    ? `passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${join(dir, "oauth2.conf")}
}
`
    : ""
}userdb {
  driver = static
  args = uid=${accounts.mailUid} gid=${accounts.mailGid} home=${mail}/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
    { mode: 0o644 },
  );
  const child: ChildProcess = spawn(BINARY, ["-F", "-c", config], { stdio: "ignore" });
  const log = () =>
    existsSync(join(dir, "dovecot.log")) ? readFileSync(join(dir, "dovecot.log"), "utf8") : "";
  try {
    await waitForGreeting(port, child);
  } catch (error) {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Dovecot did not start: ${(error as Error).message}\n${log()}`);
  }
  return {
    port,
    user,
    password,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Dovecot refuses to run its login process as root and to give mail access to uid 0: started as
 * root, it uses the accounts Debian's package creates; otherwise everything runs as the caller.
 */
function serviceAccounts() {
  const me = userInfo();
  if (me.uid !== 0) {
    const group = spawnSync("id", ["-gn"], { encoding: "utf8" }).stdout.trim();
    return {
      internal: me.username,
      internalGroup: group,
      login: me.username,
      mailUid: me.uid,
      mailGid: me.gid,
    };
  }
  const exists = (name: string) => spawnSync("id", ["-u", name]).status === 0;
  const internal = exists("dovecot") ? "dovecot" : "nobody";
  const login = exists("dovenull") ? "dovenull" : "nobody";
  const group = spawnSync("id", ["-gn", internal], { encoding: "utf8" }).stdout.trim();
  return { internal, internalGroup: group, login, mailUid: internal, mailGid: group };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the server answers with its `* OK` greeting (RFC 9051 §7.1.1). */
async function waitForGreeting(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with code ${child.exitCode}`);
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: "127.0.0.1", port });
      socket.setTimeout(1000);
      socket.once("data", (data) => {
        socket.destroy();
        resolve(data.toString().startsWith("* OK"));
      });
      socket.once("error", () => resolve(false));
      socket.once("timeout", () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (greeted) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no IMAP greeting on port ${port} within 15 s`);
}
