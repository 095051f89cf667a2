import { describe, it, expect, vi } from 'vitest';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { eventConsumer, RetrySoonError, type RetrySoon } from '../../../../shared/messaging/consumer.ts';
import { defineEvent } from '../../../../shared/contracts/registry.ts';
import { newEnvelope, type Envelope } from '../../../../shared/contracts/envelope.ts';

const applicationSubmitted = defineEvent('application.submitted', 1, z.object({ applicationId: z.string().min(1) }));
const applicationWithdrawn = defineEvent('application.withdrawn', 1, z.object({ applicationId: z.string().min(1) }));

const lambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'scoring-applications',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:scoring-applications',
  memoryLimitInMB: '512',
  awsRequestId: 'aws-req-1',
  logGroupName: '/aws/lambda/scoring-applications',
  logStreamName: '2026/03/10/[$LATEST]abc',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

const submitted = (applicationId: string, id = `evt-${applicationId}`) =>
  newEnvelope({
    id,
    type: applicationSubmitted.type,
    source: 'applications',
    occurredAt: new Date('2026-03-10T00:00:00Z'),
    data: { applicationId },
  });

function sqsRecord(messageId: string, body: string, receiveCount = '1'): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: receiveCount,
      SentTimestamp: '1773100800000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1773100800001',
    },
    messageAttributes: {},
    md5OfBody: 'md5',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:scoring-applications',
    awsRegion: 'us-east-1',
  };
}

const sqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

const failedIds = (response: { batchItemFailures: { itemIdentifier: string }[] }) =>
  response.batchItemFailures.map((f) => f.itemIdentifier).sort();

describe('eventConsumer', () => {
  it('runs the handler for a valid message and fails a non-JSON body and an unknown type', async () => {
    const onSubmitted = vi.fn(async (_event: Envelope) => undefined);
    const consume = eventConsumer('scoring', { [applicationSubmitted.type]: onSubmitted });
    const unknownType = newEnvelope({ type: 'grant.revoked', source: 'grants', data: {} });

    const response = await consume(
      sqsEvent(
        sqsRecord('m-valid', JSON.stringify(submitted('app-1'))),
        sqsRecord('m-not-json', 'this is not JSON'),
        sqsRecord('m-unknown', JSON.stringify(unknownType)),
      ),
      lambdaContext(),
    );

    expect(onSubmitted).toHaveBeenCalledTimes(1);
    expect(onSubmitted.mock.calls[0]![0]).toEqual(submitted('app-1'));
    expect(failedIds(response)).toEqual(['m-not-json', 'm-unknown']);
  });

  it('passes the message id and receive count to the handler', async () => {
    const onSubmitted = vi.fn(async () => undefined);
    const consume = eventConsumer('scoring', { [applicationSubmitted.type]: onSubmitted });

    await consume(sqsEvent(sqsRecord('m-1', JSON.stringify(submitted('app-1')), '3')), lambdaContext());

    expect(onSubmitted).toHaveBeenCalledWith(submitted('app-1'), { messageId: 'm-1', receiveCount: 3 });
  });

  it('fails a message whose data breaks its contract without running the handler', async () => {
    const onSubmitted = vi.fn(async () => undefined);
    const consume = eventConsumer('scoring', { [applicationSubmitted.type]: onSubmitted });
    const bad = { ...submitted('app-1'), data: { applicationId: '' } };

    const response = await consume(sqsEvent(sqsRecord('m-bad', JSON.stringify(bad))), lambdaContext());

    expect(onSubmitted).not.toHaveBeenCalled();
    expect(failedIds(response)).toEqual(['m-bad']);
  });

  it('fails a registered event type this consumer has no handler for', async () => {
    const consume = eventConsumer('scoring', { [applicationSubmitted.type]: async () => undefined });
    const withdrawn = newEnvelope({ type: applicationWithdrawn.type, source: 'applications', data: { applicationId: 'app-1' } });

    const response = await consume(sqsEvent(sqsRecord('m-withdrawn', JSON.stringify(withdrawn))), lambdaContext());

    expect(failedIds(response)).toEqual(['m-withdrawn']);
  });

  it('fails only the record whose handler throws', async () => {
    const onSubmitted = vi.fn(async (event: Envelope) => {
      if ((event.data as { applicationId: string }).applicationId === 'app-2') throw new Error('scoring model unavailable');
    });
    const consume = eventConsumer('scoring', { [applicationSubmitted.type]: onSubmitted });

    const response = await consume(
      sqsEvent(
        sqsRecord('m-1', JSON.stringify(submitted('app-1'))),
        sqsRecord('m-2', JSON.stringify(submitted('app-2'))),
        sqsRecord('m-3', JSON.stringify(submitted('app-3'))),
      ),
      lambdaContext(),
    );

    expect(onSubmitted).toHaveBeenCalledTimes(3);
    expect(failedIds(response)).toEqual(['m-2']);
  });

  it('reports every record when all fail, instead of throwing', async () => {
    const consume = eventConsumer('scoring', {
      [applicationSubmitted.type]: async () => {
        throw new Error('down');
      },
    });

    const response = await consume(
      sqsEvent(sqsRecord('m-1', JSON.stringify(submitted('app-1'))), sqsRecord('m-2', 'nope')),
      lambdaContext(),
    );

    expect(failedIds(response)).toEqual(['m-1', 'm-2']);
  });

  it('reports no failures when every record succeeds', async () => {
    const consume = eventConsumer('scoring', { [applicationSubmitted.type]: async () => undefined });

    const response = await consume(sqsEvent(sqsRecord('m-1', JSON.stringify(submitted('app-1')))), lambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
  });
});

describe('eventConsumer, a handler that says "not yet"', () => {
  const notYet = () => {
    const asked: [string, number][] = [];
    const retrySoon: RetrySoon = async (record, seconds) => void asked.push([record.receiptHandle, seconds]);
    const consume = eventConsumer(
      'notifications',
      {
        [applicationSubmitted.type]: async () => {
          throw new RetrySoonError('the event it follows has not arrived', 10);
        },
      },
      { retrySoon },
    );
    return { asked, consume };
  };

  it('fails the message and brings it back in seconds, doubling with each receive', async () => {
    const { asked, consume } = notYet();
    const body = JSON.stringify(submitted('app-1'));
    expect(failedIds(await consume(sqsEvent(sqsRecord('m-1', body)), lambdaContext()))).toEqual(['m-1']);
    await consume(sqsEvent(sqsRecord('m-1', body, '3')), lambdaContext());
    expect(asked).toEqual([
      ['rh-m-1', 10],
      ['rh-m-1', 40],
    ]);
  });

  it('leaves any other failure to the visibility timeout, and a retry it cannot arrange still fails the message', async () => {
    const asked: number[] = [];
    const consume = eventConsumer(
      'scoring',
      {
        [applicationSubmitted.type]: async () => {
          throw new Error('store down');
        },
        [applicationWithdrawn.type]: async () => {
          throw new RetrySoonError('not yet');
        },
      },
      {
        retrySoon: async (_record, seconds) => {
          asked.push(seconds);
          throw new Error('SQS refused');
        },
      },
    );
    const withdrawn = newEnvelope({
      id: 'w-1',
      type: applicationWithdrawn.type,
      source: 'applications',
      occurredAt: new Date('2026-03-10T00:00:00Z'),
      data: { applicationId: 'app-2' },
    });
    const response = await consume(
      sqsEvent(sqsRecord('m-1', JSON.stringify(submitted('app-1'))), sqsRecord('m-2', JSON.stringify(withdrawn))),
      lambdaContext(),
    );
    expect(failedIds(response)).toEqual(['m-1', 'm-2']);
    expect(asked).toEqual([10]);
  });
});

describe('eventConsumer, invoked concurrently (as the local runtime does with one module)', () => {
  it("keeps each batch's failures its own", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const consume = eventConsumer('scoring', {
      [applicationSubmitted.type]: async (event) => {
        if ((event.data as { applicationId: string }).applicationId === 'slow') await gate;
      },
    });

    // Batch A: a poison message and a slow valid one, still running when batch B comes and goes.
    const a = consume(sqsEvent(sqsRecord('a-poison', 'not json'), sqsRecord('a-slow', JSON.stringify(submitted('slow')))), lambdaContext());
    await new Promise((r) => setTimeout(r, 10));
    const b = await consume(sqsEvent(sqsRecord('b-ok', JSON.stringify(submitted('fast')))), lambdaContext());
    release();

    expect(failedIds(b)).toEqual([]);
    expect(failedIds(await a)).toEqual(['a-poison']);
  });
});
