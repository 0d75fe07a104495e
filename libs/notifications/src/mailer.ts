import type { Transporter } from 'nodemailer';
import type { NotificationSettings } from './notifications.config';

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Stable per outbox row: a copy re-sent after a crash carries the same Message-ID, so mail clients show it once. */
  readonly messageId: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export const MAILER = Symbol('MAILER');

/** An error's code only (ECONNECTION, EENVELOPE, 550...): SMTP replies can echo addresses, so their text is never kept. */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const e = error as { responseCode?: unknown; code?: unknown };
    if (typeof e.responseCode === 'number') return `SMTP_${e.responseCode}`;
    if (typeof e.code === 'string' && /^[A-Z_]{2,40}$/.test(e.code)) return e.code;
  }
  return 'UNKNOWN';
}

/** SMTP through nodemailer, with a small pool of kept-open connections. */
export class SmtpMailer implements Mailer {
  // nodemailer is loaded on the first mail: a process that never sends (and every test file that
  // only imports the app) does not pay for it.
  private transport: Promise<Transporter> | undefined;

  constructor(private readonly smtp: NonNullable<NotificationSettings['smtp']>, private readonly from: string) {}

  private connect(): Promise<Transporter> {
    const smtp = this.smtp;
    this.transport ??= import('nodemailer').then(({ createTransport }) =>
      createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        requireTLS: smtp.requireTls,
        ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
        pool: true,
        maxConnections: smtp.maxConnections,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
        logger: false,
        debug: false,
      }),
    );
    return this.transport;
  }

  async send(mail: OutgoingMail): Promise<void> {
    const transport = await this.connect();
    await transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId });
  }

  close(): void {
    void this.transport?.then((t) => t.close());
    this.transport = undefined;
  }
}
