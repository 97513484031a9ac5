import { SMTPServer, type SMTPServerError } from "smtp-server";
import { collectMessage, listen } from "../../src/mail/smtp-receiver.ts";

export interface Received {
  from: string;
  to: string[];
  raw: Buffer;
  /** The code the sink answered at the end of DATA. */
  answeredWith: number;
}

/** What the sink answers to one message: accept, or refuse with this code and text. */
export type Answer = "accept" | { code: number; text: string };

/**
 * A remote mail server for dispatcher tests: records every message it is given (accepted or not)
 * and answers at the end of DATA as `answer` says. `delayMs` slows acceptance, so that concurrent
 * dispatchers really overlap.
 */
export async function startSmtpSink(
  options: { answer?: (message: Received) => Answer; delayMs?: number } = {},
) {
  const received: Received[] = [];
  let rcptRefusal: { code: number; text: string } | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    hideENHANCEDSTATUSCODES: false,
    disableReverseLookup: true,
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!rcptRefusal) return callback();
      callback(
        Object.assign(new Error(rcptRefusal.text), { responseCode: rcptRefusal.code }) as SMTPServerError,
      );
    },
    onData(stream, session, callback) {
      // A sender killed in the middle of DATA (the fault tests do that) leaves a message cut short:
      // it is not received, and the session gets the error, as from a real server.
      void collectMessage(stream).then(async (raw) => {
        const message: Received = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: raw ?? Buffer.alloc(0),
          answeredWith: 250,
        };
        received.push(message);
        if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        const answer = options.answer?.(message) ?? "accept";
        if (answer === "accept") return callback(null, `OK queued as Q${received.length}`);
        message.answeredWith = answer.code;
        callback(Object.assign(new Error(answer.text), { responseCode: answer.code }) as SMTPServerError);
      }, callback);
    },
  });
  const listener = await listen(server, "127.0.0.1", 0);
  return {
    port: listener.port,
    url: `smtp://127.0.0.1:${listener.port}`,
    received,
    /** Makes RCPT TO fail (as a server with no such user does) until set back to null. */
    refuseRecipients(refusal: { code: number; text: string } | null) {
      rcptRefusal = refusal;
    },
    close: () => listener.close(),
  };
}
