import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Clock } from '../clock';

/** A clock tests set and move; nothing in the notification schedule waits on real time. */
export class ManualClock implements Clock {
  private at: number;

  constructor(start: Date = new Date()) {
    this.at = start.getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  set(to: Date): void {
    this.at = to.getTime();
  }

  advance(ms: number): void {
    this.at += ms;
  }
}

export interface ReceivedMail {
  readonly to: readonly string[];
  readonly messageId: string;
  readonly subject: string;
  /** Headers and decoded body, for scanning. */
  readonly raw: string;
  readonly body: string;
  readonly receivedAt: number;
}

export interface TestSmtpServer {
  readonly port: number;
  readonly received: ReceivedMail[];
  /** What the next messages meet: accepted (250), refused (451, a temporary failure), or held without an answer. */
  mode: 'accept' | 'refuse' | 'hold';
  /** Once this many were accepted, hold the next ones (as `hold`); null: no limit. */
  holdAfter: number | null;
  /** Messages held without an answer right now. */
  readonly held: number;
  /** Answers every held message 421 (not accepted), as a server does when the client is gone. */
  releaseHeld(): void;
  /** Resolves once `predicate` holds over what was received, or rejects after `timeoutMs`. */
  waitFor(predicate: (mail: readonly ReceivedMail[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function decodeQuotedPrintable(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * A real SMTP server (smtp-server, pure JavaScript) on 127.0.0.1 and a port the kernel picks.
 * Only messages it answered 250 to count as received; a held one never is.
 */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const held: (() => void)[] = [];
  const state: { mode: TestSmtpServer['mode']; holdAfter: number | null } = { mode: 'accept', holdAfter: null };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 1024 * 1024,
    closeTimeout: 1_000,
    // A reverse DNS lookup per connection would be timed as delivery.
    disableReverseLookup: true,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.mode === 'refuse') {
          callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
          return;
        }
        if (state.mode === 'hold' || (state.holdAfter !== null && received.length >= state.holdAfter)) {
          held.push(() => callback(Object.assign(new Error('closing'), { responseCode: 421 })));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const split = raw.indexOf('\r\n\r\n');
        const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
        const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers)?.[1]?.trim() ?? '';
        const qp = /content-transfer-encoding:\s*quoted-printable/i.test(headers);
        const body = raw.slice(split + 4);
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId: header('Message-ID'),
          subject: header('Subject'),
          raw: `${headers}\n\n${qp ? decodeQuotedPrintable(body) : body}`,
          body: qp ? decodeQuotedPrintable(body) : body,
          receivedAt: Date.now(),
        });
        callback();
        waiters.forEach((w) => w());
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    get mode() {
      return state.mode;
    },
    set mode(m) {
      state.mode = m;
    },
    get holdAfter() {
      return state.holdAfter;
    },
    set holdAfter(n) {
      state.holdAfter = n;
    },
    get held() {
      return held.length;
    },
    releaseHeld: () => held.splice(0).forEach((release) => release()),
    waitFor: (predicate, timeoutMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        if (predicate(received)) return resolve();
        const check = () => {
          if (!predicate(received)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`SMTP server: condition not met within ${timeoutMs} ms (${received.length} messages received)`));
        }, timeoutMs);
        waiters.add(check);
      }),
    close: async () => {
      held.splice(0).forEach((release) => release());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
