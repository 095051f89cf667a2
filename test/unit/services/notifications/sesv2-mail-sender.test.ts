/**
 * The SES adapter against a mocked SESv2 client: what the local mail sink cannot do — throttle, or
 * refuse a message for good — and how each reaches the use case (retried, or failed at once).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { MessageRejected, SendEmailCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import '../../../../shared/contracts/index.ts';
import { newEnvelope } from '../../../../shared/contracts/envelope.ts';
import { SesV2MailSender } from '../../../../services/notifications/adapters/outbound/sesv2-mail-sender.ts';
import { notify } from '../../../../services/notifications/app/notify.ts';
import { MailRejectedError } from '../../../../services/notifications/app/ports.ts';
import { MAX_SEND_ATTEMPTS } from '../../../../services/notifications/config.ts';
import { clock } from '../../../../shared/time/clock.ts';
import { daysFromToday } from '../../../support/clock.ts';
import { APP, fakeDeps, submittedEvent } from './fakes.ts';

const client = new SESv2Client({ region: 'ap-southeast-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const ses = mockClient(client);
const sender = new SesV2MailSender(client, 'no-reply@sme.hanoi.gov.vn', 'sme-support-prod');
const message = {
  to: 'lan@example.vn',
  subject: 'Đã tiếp nhận hồ sơ',
  text: 'Kính gửi Quý doanh nghiệp',
  tags: { kind: 'application-received' as const, applicationId: APP },
};

const throttling = () => new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: { httpStatusCode: 429 } });
const rejection = () => new MessageRejected({ message: 'Email address is not verified.', $metadata: { httpStatusCode: 400 } });

beforeEach(() => ses.reset());

describe('sending through SES v2', () => {
  it('sends UTF-8 text from the configured sender through the configuration set, tagged with what it is about', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    expect(await sender.send(message)).toEqual({ messageId: 'ses-1' });
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      FromEmailAddress: 'no-reply@sme.hanoi.gov.vn',
      Destination: { ToAddresses: ['lan@example.vn'] },
      Content: {
        Simple: {
          Subject: { Data: 'Đã tiếp nhận hồ sơ', Charset: 'UTF-8' },
          Body: { Text: { Data: 'Kính gửi Quý doanh nghiệp', Charset: 'UTF-8' } },
        },
      },
      ConfigurationSetName: 'sme-support-prod',
      EmailTags: [
        { Name: 'kind', Value: 'application-received' },
        { Name: 'applicationId', Value: APP },
      ],
    });
  });

  it('passes throttling on as it is, to be retried', async () => {
    ses.on(SendEmailCommand).rejects(throttling());
    const error = await sender.send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRequestsException);
    expect(error).not.toBeInstanceOf(MailRejectedError);
  });

  it('turns a refusal for good into MailRejectedError', async () => {
    ses.on(SendEmailCommand).rejects(rejection());
    await expect(sender.send(message)).rejects.toMatchObject({ name: 'MailRejectedError', code: 'MessageRejected' });
  });
});

describe('notifying through SES when it fails', () => {
  const submitted = submittedEvent;

  it('retries a throttled send with the message, then records it failed after the last attempt', async () => {
    ses.on(SendEmailCommand).rejects(throttling());
    const { deps, store } = fakeDeps({ mail: sender });
    const event = submitted();
    for (let attempt = 1; attempt < MAX_SEND_ATTEMPTS; attempt++) {
      await expect(notify(deps, event, { receiveCount: attempt })).rejects.toBeInstanceOf(TooManyRequestsException);
    }
    await notify(deps, event, { receiveCount: MAX_SEND_ATTEMPTS });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, MAX_SEND_ATTEMPTS);
    expect(store.outbox.map((e) => e.data)).toMatchObject([{ failure: 'exhausted', attempts: MAX_SEND_ATTEMPTS, to: 'lan@example.vn' }]);
  });

  it('records a permanent refusal at once, without retrying', async () => {
    ses.on(SendEmailCommand).rejects(rejection());
    const { deps, store } = fakeDeps({ mail: sender });
    await notify(deps, submitted(), { receiveCount: 1 });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    expect(store.outbox.map((e) => e.data)).toMatchObject([{ failure: 'rejected', attempts: 1 }]);
  });
});
