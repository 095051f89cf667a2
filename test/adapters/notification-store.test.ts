/**
 * The notifications store against DynamoDB Local, driven through the use case with a fake mail
 * sender: an event twice sends once; a failure is recorded once with its notification.failed in the
 * outbox (its own outbox table, read back); addresses are one whatever their case.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import '../../shared/contracts/index.ts';
import { makeDocumentClient } from '../../shared/aws/clients.ts';
import { clock } from '../../shared/time/clock.ts';
import { DynamoDbNotificationStore } from '../../services/notifications/adapters/outbound/dynamodb-notification-store.ts';
import { notify } from '../../services/notifications/app/notify.ts';
import type { NotificationsDeps } from '../../services/notifications/app/ports.ts';
import { FakeMail, rejected, submittedEvent } from '../unit/services/notifications/fakes.ts';
import { createTable, localClients, uniqueName } from '../support/aws.ts';

const TABLE = uniqueName('notifications-records');
const OUTBOX = uniqueName('notifications-outbox');
const doc = makeDocumentClient({ AWS_ENDPOINT_URL_DYNAMODB: inject('runtime').endpoints.dynamodb, AWS_REGION: 'us-east-1' });
const store = new DynamoDbNotificationStore(doc, TABLE, OUTBOX, () => clock.now());
const { db } = localClients();

const depsWith = (mail: FakeMail): NotificationsDeps => ({ store, mail, now: () => clock.now(), maxAttempts: 5 });
const outbox = async () => (await doc.send(new ScanCommand({ TableName: OUTBOX }))).Items ?? [];

beforeAll(async () => {
  await createTable(db, TABLE, { sortKey: true });
  await createTable(db, OUTBOX, { pk: 'id' });
});
afterAll(() => doc.destroy());

describe('the notifications store on DynamoDB', () => {
  it('sends an event once, however often it comes, and keeps the contact for later events', async () => {
    const mail = new FakeMail();
    const event = submittedEvent({ applicationId: 'a-once', contactEmail: 'Lan@Example.vn', language: 'en' });
    await notify(depsWith(mail), event, { receiveCount: 1 });
    expect(await notify(depsWith(mail), event, { receiveCount: 2 })).toMatchObject({ outcome: 'duplicate' });
    expect(mail.sent).toHaveLength(1);
    expect(await store.getApplication('a-once')).toMatchObject({
      contactEmail: 'Lan@Example.vn',
      language: 'en',
      programmeCode: 'CNHT-2026',
    });
    expect(await store.delivery(event.id, 'lan@example.vn')).toMatchObject({
      status: 'sent',
      messageId: 'm-1',
      kind: 'application-received',
    });
  });

  it('skips a recipient already written to when the marker is missing (a crash before it)', async () => {
    const mail = new FakeMail();
    const event = submittedEvent({ applicationId: 'a-skip', contactEmail: 'skip@example.vn' });
    await notify(depsWith(mail), event, { receiveCount: 1 });
    // As if the process died before marking the event: the delivery record alone stops a resend.
    const forgetful = new (class extends DynamoDbNotificationStore {
      override async processed() {
        return false;
      }
    })(doc, TABLE, OUTBOX, () => clock.now());
    const again = await notify({ ...depsWith(mail), store: forgetful }, event, { receiveCount: 2 });
    expect(again).toMatchObject({ skipped: 1, sent: 0 });
    expect(mail.sent).toHaveLength(1);
  });

  it('records a refused send once, with one notification.failed in the outbox', async () => {
    const mail = new FakeMail();
    mail.failAlways = rejected();
    const event = submittedEvent({ applicationId: 'a-failed', contactEmail: 'bounce@example.vn' });
    await notify(depsWith(mail), event, { receiveCount: 1 });
    const failed = await store.delivery(event.id, 'bounce@example.vn');
    expect(failed).toMatchObject({ status: 'failed', kind: 'application-received' });
    await expect(store.recordFailed(failed!, JSON.parse((await outbox())[0]!.envelope as string))).rejects.toThrow();
    const items = await outbox();
    expect(items).toHaveLength(1);
    expect(JSON.parse(items[0]!.envelope as string)).toMatchObject({
      type: 'notification.failed',
      data: { applicationId: 'a-failed', to: 'bounce@example.vn', failure: 'rejected' },
    });
  });

  it('keeps the addresses of an enterprise once each, whatever their case', async () => {
    await store.addEnterpriseContact('0109999999', { email: 'A@example.vn', language: 'vi' }, clock.now().toISOString());
    await store.addEnterpriseContact('0109999999', { email: 'a@EXAMPLE.vn' }, clock.now().toISOString());
    await store.addEnterpriseContact('0109999999', { email: 'b@example.vn' }, clock.now().toISOString());
    expect((await store.enterpriseContacts('0109999999')).map((a) => a.email.toLowerCase()).sort()).toEqual([
      'a@example.vn',
      'b@example.vn',
    ]);
  });
});
