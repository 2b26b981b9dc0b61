import { connect } from 'node:net';
import { createTransport, type Transporter } from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool';

export interface SmtpPoolOptions {
  maxConnections: number;
  /** At most this many messages per second over all connections (0 or absent: no limit). */
  maxMessagesPerSecond?: number;
  connectionTimeout: number;
  greetingTimeout: number;
  socketTimeout: number;
}

/**
 * A nodemailer pool of SMTP connections to `url` (issue 19). Built from the
 * pool itself: given `{ url, … }`, createTransport keeps only the url and
 * drops every other option, the pool among them.
 *
 * The pool's connections are opened here, with Nagle's algorithm off: the
 * end of each message (`.`) is a short write after the body, and Nagle held
 * it until the relay's delayed ACK, ~40 ms per message on every connection.
 * nodemailer still does the rest (TLS for smtps://, STARTTLS, greeting).
 */
export function createSmtpPool(url: string, { maxMessagesPerSecond = 0, ...options }: SmtpPoolOptions): Transporter {
  return createTransport(
    new SMTPPool({
      pool: true,
      url,
      ...options,
      ...(maxMessagesPerSecond > 0 ? { rateLimit: maxMessagesPerSecond, rateDelta: 1_000 } : {}),
      getSocket: (target, callback) => {
        const socket = connect({ host: target.host ?? '127.0.0.1', port: Number(target.port) || (target.secure ? 465 : 587), noDelay: true });
        const fail = (error: Error) => {
          socket.destroy();
          callback(error, null);
        };
        socket.once('error', fail);
        socket.setTimeout(options.connectionTimeout, () => fail(new Error(`no connection to the SMTP relay within ${options.connectionTimeout} ms`)));
        socket.once('connect', () => {
          socket.off('error', fail);
          socket.setTimeout(0);
          callback(null, { connection: socket });
        });
      },
    }),
  );
}
