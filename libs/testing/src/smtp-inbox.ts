import type { ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import type { SMTPServer as SmtpServerInstance } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) that requires the given login and keeps every message
 * it accepts, parsed by `mailparser`. `stop()` and `start()` again on the same port stand for a mail server that
 * goes down and comes back.
 */
export interface SmtpInbox {
  port: number;
  /** SMTP_URL for the gateway. */
  url: string;
  mails: ParsedMail[];
  /** The messages to one address. */
  to(address: string): ParsedMail[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSmtpInbox(user = 'switchboard', pass = 'smtp-secret'): Promise<SmtpInbox> {
  // Loaded here, not at the top: every other test that imports this library does without them.
  const [{ SMTPServer }, { simpleParser }] = await Promise.all([import('smtp-server'), import('mailparser')]);
  const mails: ParsedMail[] = [];
  let server: SmtpServerInstance | null = null;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = new SMTPServer({
        logger: false,
        disabledCommands: ['STARTTLS'], // plain SMTP on loopback; AUTH over it is allowed below
        allowInsecureAuth: true,
        authMethods: ['PLAIN', 'LOGIN'],
        onAuth(auth, _session, callback) {
          if (auth.username === user && auth.password === pass) callback(null, { user });
          else callback(new Error('Invalid username or password'));
        },
        onData(stream, _session, callback) {
          simpleParser(stream)
            .then((mail) => {
              mails.push(mail);
              callback();
            })
            .catch((error: Error) => callback(error));
        },
      });
      next.on('error', () => undefined); // a client hanging up mid-session is no failure of the test
      next.server.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        port = (next.server.address() as AddressInfo).port;
        server = next;
        resolve();
      });
    });

  await listen();
  const inbox: SmtpInbox = {
    get port() {
      return port;
    },
    get url() {
      return `smtp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${port}`;
    },
    mails,
    to: (address) => mails.filter((mail) => toAddresses(mail).includes(address.toLowerCase())),
    start: listen,
    stop: () =>
      new Promise<void>((resolve) => {
        const current = server;
        server = null;
        if (!current) return resolve();
        current.close(() => resolve());
      }),
  };
  return inbox;
}

function toAddresses(mail: ParsedMail): string[] {
  const to = mail.to ? [mail.to].flat() : [];
  return to.flatMap((group) => group.value.map((entry) => (entry.address ?? '').toLowerCase()));
}
