/**
 * The local stand-in for Amazon SES: the gateway answers SES v2 `SendEmail`
 * (`POST /v2/email/outbound-emails`, what `SESv2Client` sends to `AWS_ENDPOINT_URL_SESV2`) and keeps
 * each message in this sink instead of mailing it, so the notifications service runs its real code
 * path — consumer, SES adapter, SDK, HTTP — with no SMTP and no account. `GET /local/mail` lists what
 * the runtime would have sent, newest first (`?to=` one address, `?limit=` ≤ 200). Only the most
 * recent {@link MAX_KEPT} are kept; with a data folder they survive a restart (`mail.json`).
 *
 * Never part of what deploys: in AWS the same adapter reaches SES.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { clock } from '../../shared/time/clock.ts';
import { writeFileAtomic } from './aws-emulator.ts';
import type { LocalRoute } from './gateway.ts';

/** Messages the sink keeps (the oldest go first). */
export const MAX_KEPT = 1000;
const MAX_LIST = 200;
const DEFAULT_LIST = 50;
/** SES v2 refuses a message above 40 MB; a local one is far smaller. */
const MAX_REQUEST_BYTES = 1024 * 1024;

export interface SunkMail {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  sentAt: string;
  configurationSet?: string | undefined;
  applicationId?: string | undefined;
  kind?: string | undefined;
}

/** The part of SES v2 SendEmail's request the system uses (simple content); anything else is refused. */
const sendEmailBody = z.object({
  FromEmailAddress: z.string().min(3).max(320),
  Destination: z.object({ ToAddresses: z.array(z.string().min(3).max(320)).min(1).max(50) }),
  Content: z.object({
    Simple: z.object({
      Subject: z.object({ Data: z.string().max(1000) }),
      Body: z.object({ Text: z.object({ Data: z.string().max(200_000) }) }),
    }),
  }),
  ConfigurationSetName: z.string().max(64).optional(),
  EmailTags: z
    .array(z.object({ Name: z.string().max(256), Value: z.string().max(256) }))
    .max(50)
    .optional(),
});

const listQuery = z.object({
  to: z.string().min(1).max(320).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIST).default(DEFAULT_LIST),
});

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** SES's error shape (the SDK reads the type from `__type`). */
const sesError = (status: number, type: string, message: string) => ({ status, body: { __type: type, message } });

export class MailSink {
  /** Newest last (appended); listed newest first. */
  private items: SunkMail[] = [];
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly file?: string) {}

  async restore(): Promise<number> {
    if (!this.file) return 0;
    const text = await readFile(this.file, 'utf8').catch(() => '[]');
    this.items = (JSON.parse(text) as SunkMail[]).slice(-MAX_KEPT);
    return this.items.length;
  }

  keep(mail: SunkMail): void {
    this.items.push(mail);
    if (this.items.length > MAX_KEPT) this.items.splice(0, this.items.length - MAX_KEPT);
    if (this.file) {
      const file = this.file;
      this.saving = this.saving.catch(() => undefined).then(() => writeFileAtomic(file, JSON.stringify(this.items)));
    }
  }

  /** Newest first; with `to`, only messages to that address (any case). */
  list(opts: { to?: string | undefined; limit: number }): SunkMail[] {
    const to = opts.to?.toLowerCase();
    const out: SunkMail[] = [];
    for (let i = this.items.length - 1; i >= 0 && out.length < opts.limit; i--) {
      const m = this.items[i]!;
      if (!to || m.to.some((a) => a.toLowerCase() === to)) out.push(m);
    }
    return out;
  }

  /** Wait for the last write of `mail.json`. */
  flush(): Promise<void> {
    return this.saving;
  }

  /** SES v2 SendEmail, answered by keeping the message. */
  readonly sesRoute: LocalRoute = async (req, url) => {
    if (req.method !== 'POST' || url.pathname !== '/v2/email/outbound-emails') return undefined;
    let raw: unknown;
    try {
      raw = JSON.parse(await readBody(req));
    } catch {
      return sesError(400, 'BadRequestException', 'The request body is not JSON, or too large');
    }
    const parsed = sendEmailBody.safeParse(raw);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return sesError(400, 'BadRequestException', `The local mail sink takes simple text messages only (${detail})`);
    }
    const b = parsed.data;
    const tag = (name: string) => b.EmailTags?.find((t) => t.Name === name)?.Value;
    const messageId = `local-${randomUUID()}`;
    this.keep({
      messageId,
      from: b.FromEmailAddress,
      to: b.Destination.ToAddresses,
      subject: b.Content.Simple.Subject.Data,
      text: b.Content.Simple.Body.Text.Data,
      sentAt: clock.now().toISOString(),
      configurationSet: b.ConfigurationSetName,
      applicationId: tag('applicationId'),
      kind: tag('kind'),
    });
    return { status: 200, body: { MessageId: messageId } };
  };

  /** `GET /local/mail`: `{ items: [ { to, subject, text, sentAt, applicationId?, … } ] }`, newest first. */
  readonly listRoute: LocalRoute = async (req, url) => {
    if (req.method !== 'GET' || url.pathname !== '/local/mail') return undefined;
    const parsed = listQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) {
      return {
        status: 400,
        body: {
          type: 'about:blank',
          title: 'Invalid input',
          status: 400,
          detail: 'Invalid query',
          errors: parsed.error.issues.map((i) => ({ path: `query.${i.path.join('.')}`, message: i.message })),
        },
      };
    }
    const items = this.list(parsed.data).map((m) => ({
      to: m.to.join(', '),
      subject: m.subject,
      text: m.text,
      sentAt: m.sentAt,
      ...(m.applicationId ? { applicationId: m.applicationId } : {}),
      ...(m.kind ? { kind: m.kind } : {}),
      from: m.from,
      messageId: m.messageId,
    }));
    return { status: 200, body: { items } };
  };
}
