import { connect, type Socket } from "node:net";

/**
 * A bare SMTP client over a TCP socket, for what a library client would not send: bytes it would
 * not produce (8-bit headers, NUL), a null sender, or DATA without a SIZE declaration.
 */
export class RawSmtp {
  private buffer = "";
  private waiting: ((line: string) => void) | null = null;
  private readonly lines: string[] = [];

  private constructor(private readonly socket: Socket) {
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      this.buffer += chunk;
      let end = this.buffer.indexOf("\r\n");
      while (end !== -1) {
        this.lines.push(this.buffer.slice(0, end));
        this.buffer = this.buffer.slice(end + 2);
        end = this.buffer.indexOf("\r\n");
      }
      this.wake();
    });
  }

  static async open(port: number): Promise<{ client: RawSmtp; greeting: string }> {
    const socket = connect(port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const client = new RawSmtp(socket);
    const greeting = await client.reply();
    return { client, greeting };
  }

  /** Sends one command line and returns the whole reply (all lines of a multi-line one). */
  async command(line: string): Promise<string> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  /** Sends a message body after a 354, dot-stuffed (RFC 5321 §4.5.2), and returns the final reply. */
  async data(body: Buffer): Promise<string> {
    const start = await this.command("DATA");
    if (!start.startsWith("354")) return start;
    const text = body.toString("latin1").replace(/(^|\r\n)\./g, "$1..");
    this.socket.write(Buffer.from(text, "latin1"));
    this.socket.write(text.endsWith("\r\n") ? ".\r\n" : "\r\n.\r\n");
    return this.reply();
  }

  async quit(): Promise<void> {
    await this.command("QUIT").catch(() => "");
    this.socket.destroy();
  }

  private async reply(): Promise<string> {
    const collected: string[] = [];
    for (;;) {
      const line = await this.nextLine();
      collected.push(line);
      if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) return collected.join("\n");
    }
  }

  private nextLine(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  private wake(): void {
    if (!this.waiting || this.lines.length === 0) return;
    const resolve = this.waiting;
    this.waiting = null;
    resolve(this.lines.shift()!);
  }
}
