/**
 * Mail through Amazon SES (API v2 SendEmail): plain-text messages in UTF-8 from the configured
 * sender, through the configured configuration set (its event destinations and suppression list
 * apply), tagged with what they are about. Locally the same calls reach the runtime's mail sink.
 *
 * SES refusals that would repeat — the message or address rejected, the sender not verified, the
 * account not allowed to send — are {@link MailRejectedError}; throttling, sending quotas and
 * outages are thrown as they are, for the queue to retry (the SDK has already retried throttling
 * with back-off within the call).
 */
import {
  AccountSuspendedException,
  BadRequestException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  NotFoundException,
  SendEmailCommand,
  type SESv2Client,
} from '@aws-sdk/client-sesv2';
import { MailRejectedError, type MailMessage, type MailSender } from '../../app/ports.ts';

/** SES tag values allow only ASCII letters, digits, `_`, `-`, `.`, `@`, at most 256 of them. */
const tagValue = (value: string) => value.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);

const PERMANENT = [MessageRejected, MailFromDomainNotVerifiedException, AccountSuspendedException, BadRequestException, NotFoundException];

export class SesV2MailSender implements MailSender {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly configurationSet: string,
  ) {}

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const tags = [
      { Name: 'kind', Value: tagValue(message.tags.kind) },
      ...(message.tags.applicationId ? [{ Name: 'applicationId', Value: tagValue(message.tags.applicationId) }] : []),
    ];
    try {
      const out = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
            },
          },
          ConfigurationSetName: this.configurationSet,
          EmailTags: tags,
        }),
      );
      if (!out.MessageId) throw new Error('SES accepted the message without a message id');
      return { messageId: out.MessageId };
    } catch (error) {
      const permanent = PERMANENT.find((type) => error instanceof type);
      if (permanent) {
        throw new MailRejectedError(`SES refused the message: ${(error as Error).message}`, (error as Error).name, { cause: error });
      }
      throw error;
    }
  }
}
