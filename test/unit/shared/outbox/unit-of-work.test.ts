import { beforeEach, describe, it, expect } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
  type CancellationReason,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { UnitOfWork, OUTBOX_RETENTION_SECONDS, INBOX_RETENTION_SECONDS } from '../../../../shared/outbox/unit-of-work.ts';
import { defineEvent } from '../../../../shared/contracts/registry.ts';
import { newEnvelope } from '../../../../shared/contracts/envelope.ts';
import { ConflictError } from '../../../../shared/errors.ts';

const supportGranted = defineEvent('support.granted', 1, z.object({ enterpriseId: z.string(), amountVnd: z.number().int() }));

const NOW = new Date('2026-03-10T00:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;

const documentClient = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
);
const dynamo = mockClient(documentClient);

beforeEach(() => {
  dynamo.reset();
});

const unitOfWork = () => new UnitOfWork(documentClient, { outbox: 'grants-outbox' }, () => NOW);

const grantEvent = () =>
  newEnvelope({
    id: 'evt-1',
    type: supportGranted.type,
    source: 'grants',
    occurredAt: NOW,
    data: { enterpriseId: 'ent-1', amountVnd: 5_000_000 },
  });

const grantPut = () => ({
  Put: {
    TableName: 'grants',
    Item: { pk: 'ENTERPRISE#ent-1', sk: 'GRANT#2026', amountVnd: 5_000_000 },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

const budgetUpdate = () => ({
  Update: {
    TableName: 'grants',
    Key: { pk: 'PROGRAMME#p1', sk: 'BUDGET' },
    UpdateExpression: 'SET remaining = remaining - :a',
    ConditionExpression: 'remaining >= :a',
    ExpressionAttributeValues: { ':a': 5_000_000 },
  },
});

const cancelled = (codes: (CancellationReason['Code'] | 'None')[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('UnitOfWork.commit', () => {
  it('writes the state, the outbox record and the inbox marker in one transaction', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const event = grantEvent();

    const result = await unitOfWork().add(grantPut(), 'Already granted').publish(event).markProcessed('grants', 'msg-1').commit();

    expect(result).toBe('committed');
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input).toEqual({
      TransactItems: [
        grantPut(),
        {
          Put: {
            TableName: 'grants-outbox',
            Item: {
              id: 'evt-1',
              type: 'support.granted',
              envelope: JSON.stringify(event),
              expiresAt: NOW_SECONDS + OUTBOX_RETENTION_SECONDS,
            },
            ConditionExpression: 'attribute_not_exists(id)',
          },
        },
        {
          Put: {
            TableName: 'grants',
            Item: { pk: 'INBOX#msg-1', sk: 'INBOX#msg-1', expiresAt: NOW_SECONDS + INBOX_RETENTION_SECONDS },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    });
  });

  it('stores the envelope as JSON that reads back as the published event', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const event = grantEvent();

    await unitOfWork().add(grantPut()).publish(event).commit();

    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(JSON.parse(items[1]!.Put!.Item!['envelope'] as string)).toEqual(event);
  });

  it('writes a single item with its own conditional command, not a transaction', async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});

    expect(await unitOfWork().add(grantPut()).commit()).toBe('committed');
    expect(await unitOfWork().add(budgetUpdate()).commit()).toBe('committed');

    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input).toEqual(grantPut().Put);
    expect(dynamo.commandCalls(UpdateCommand)[0]!.args[0].input).toEqual(budgetUpdate().Update);
  });

  it("turns a single item's failed condition into a conflict with its reason, and rethrows anything else", async () => {
    dynamo.on(PutCommand).rejectsOnce(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }));
    const conflict = await unitOfWork()
      .add(grantPut(), 'Already granted')
      .commit()
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect((conflict as ConflictError).message).toBe('Already granted');

    const throttled = Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ThrottlingException' });
    dynamo.on(PutCommand).rejects(throttled);
    expect(
      await unitOfWork()
        .add(grantPut())
        .commit()
        .catch((e: unknown) => e),
    ).toBe(throttled);
  });

  it('names the inbox marker with the given key attributes', async () => {
    dynamo.on(TransactWriteCommand).resolves({});

    await unitOfWork().markProcessed('inbox', 'msg-9', { pk: 'id' }).commit();

    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Put).toEqual({
      TableName: 'inbox',
      Item: { id: 'INBOX#msg-9', expiresAt: NOW_SECONDS + INBOX_RETENTION_SECONDS },
      ConditionExpression: 'attribute_not_exists(id)',
    });
  });

  it('sends nothing for an empty unit of work', async () => {
    const result = await unitOfWork().commit();

    expect(result).toBe('committed');
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('reports a duplicate when the inbox marker condition fails', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled(['None', 'None', 'ConditionalCheckFailed']));

    const result = await unitOfWork().add(grantPut()).publish(grantEvent()).markProcessed('grants', 'msg-1').commit();

    expect(result).toBe('duplicate');
  });

  it('reports a duplicate even when a state condition fails with the inbox marker', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled(['ConditionalCheckFailed', 'ConditionalCheckFailed']));

    const result = await unitOfWork().add(grantPut(), 'Already granted').markProcessed('grants', 'msg-1').commit();

    expect(result).toBe('duplicate');
  });

  it('throws a ConflictError with the detail of the state item whose condition failed', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled(['None', 'ConditionalCheckFailed', 'None']));
    const uow = unitOfWork()
      .add(grantPut(), 'Already granted')
      .add(budgetUpdate(), 'The programme budget is exhausted')
      .publish(grantEvent());

    const error = await uow.commit().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toBe('The programme budget is exhausted');
    expect((error as ConflictError).cause).toBeInstanceOf(TransactionCanceledException);
  });

  it('throws a generic ConflictError when the failed item has no conflict detail', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled(['ConditionalCheckFailed', 'None']));

    const error = await unitOfWork()
      .add(budgetUpdate())
      .publish(grantEvent())
      .commit()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toBe('The record was changed by another request; reload and retry');
  });

  it('rethrows a cancellation caused only by transaction conflicts, so it is retried', async () => {
    const conflict = cancelled(['TransactionConflict', 'None', 'TransactionConflict']);
    dynamo.on(TransactWriteCommand).rejects(conflict);

    const error = await unitOfWork()
      .add(grantPut(), 'Already granted')
      .publish(grantEvent())
      .markProcessed('grants', 'msg-1')
      .commit()
      .catch((e: unknown) => e);

    expect(error).toBe(conflict);
  });

  it('rethrows an error that is not a cancellation', async () => {
    const throttled = Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ThrottlingException' });
    dynamo.on(TransactWriteCommand).rejects(throttled);

    const error = await unitOfWork()
      .add(grantPut())
      .add(budgetUpdate())
      .commit()
      .catch((e: unknown) => e);

    expect(error).toBe(throttled);
  });

  it('refuses more than 100 items before sending', async () => {
    const uow = unitOfWork();
    for (let i = 0; i < 101; i += 1) uow.add({ Put: { TableName: 'grants', Item: { pk: `P#${i}`, sk: 'S' } } });

    await expect(uow.commit()).rejects.toThrow('A unit of work holds 101 items; DynamoDB allows 100');
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('sends exactly 100 items', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const uow = unitOfWork();
    for (let i = 0; i < 100; i += 1) uow.add({ Put: { TableName: 'grants', Item: { pk: `P#${i}`, sk: 'S' } } });

    await expect(uow.commit()).resolves.toBe('committed');
  });
});

describe('UnitOfWork.publish', () => {
  it('refuses an event whose data breaks its contract, before anything is sent', async () => {
    const bad = newEnvelope({ type: supportGranted.type, source: 'grants', data: { enterpriseId: 'ent-1', amountVnd: 'lots' } });
    const uow = unitOfWork().add(grantPut());

    expect(() => uow.publish(bad)).toThrow('Invalid support.granted data');
    expect(uow.size).toBe(1);
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('refuses an event type without a contract', () => {
    const unknown = newEnvelope({ type: 'support.revoked', source: 'grants', data: {} });

    expect(() => unitOfWork().publish(unknown)).toThrow('No contract for support.revoked v1');
  });
});
