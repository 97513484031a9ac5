/**
 * DKIM signing of a composed message (RFC 6376), done on the finished bytes before they are handed
 * to SMTP, so that the copy archived as the eDoc is the signed copy the receiving server saw.
 *
 * Why sign here and not through nodemailer's `dkim` option: MailComposer has no such option (its
 * `compile().build()` never signs); the option belongs to the transport, which signs while it
 * streams to the server, so the signed bytes would exist only on the wire and never in the archive.
 * nodemailer's own signer is used on the built message instead, and the transport is given the
 * result as `raw` without a `dkim` option of its own, which would add a second signature.
 */
import { createPrivateKey } from "node:crypto";
import DKIM from "nodemailer/lib/dkim";

/** An office's signing key: the selector published in DNS (`<selector>._domainkey.<domain>`) and its PEM private key. */
export interface DkimKey {
  selector: string;
  privateKey: string;
}

/**
 * Returns `raw` with a DKIM-Signature header field prepended, signed for `domain`.
 *
 * @example const signed = await signWithDkim(raw, { domain: "office.example", selector: "2026", privateKey: pem });
 */
export async function signWithDkim(raw: Buffer, options: DkimKey & { domain: string }): Promise<Buffer> {
  // nodemailer writes a=rsa-sha256 whatever the key; an EC key would yield a signature no verifier accepts.
  checkDkimKey(options.privateKey);
  const signer = new DKIM({
    domainName: options.domain,
    keySelector: options.selector,
    privateKey: options.privateKey,
  });
  const chunks: Buffer[] = [];
  for await (const chunk of signer.sign(raw)) chunks.push(chunk as Buffer);
  const signed = Buffer.concat(chunks);
  // nodemailer leaves the message unsigned, without an error, when the key cannot sign; a message
  // the office believes signed must not leave without its signature.
  if (!signed.subarray(0, 15).equals(Buffer.from("DKIM-Signature:"))) {
    throw new Error(
      `DKIM: the private key for selector ${options.selector} could not sign for ${options.domain}`,
    );
  }
  return signed;
}

/** RFC 6376 §3.3.3: the signing key is RSA; a PEM that is not one is refused before anything is sent. */
export function checkDkimKey(privateKey: string): void {
  const key = createPrivateKey(privateKey);
  if (key.asymmetricKeyType !== "rsa") {
    throw new Error(`DKIM: the private key is ${key.asymmetricKeyType ?? "not an asymmetric key"}, not RSA`);
  }
}

/** The domain a mailbox address belongs to (RFC 5322 §3.4.1: everything after the last `@`). */
export function domainOfMailbox(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1).toLowerCase();
}
