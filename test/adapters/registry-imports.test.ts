/**
 * The registry's import repository and the profile merge of absent fields, against the local
 * runtime's own tables (`registry-imports` with its open-jobs index, `registry-enterprises`).
 * Other tests share these tables: every test makes its own job ids and tax codes.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { makeDocumentClient } from '../../shared/aws/clients.ts';
import { localNames } from '../../shared/manifest.ts';
import { DynamoDbEnterpriseRepository, toItem } from '../../services/registry/adapters/outbound/dynamodb-enterprise-repository.ts';
import { DynamoDbImportRepository } from '../../services/registry/adapters/outbound/dynamodb-import-repository.ts';
import type { ImportJob } from '../../services/registry/app/ports.ts';
import { profileFrom } from '../../services/registry/domain/enterprise.ts';
import { testRefOf } from '../unit/services/registry/fixtures.ts';
import { checkRegistryEvent, type RegistryEvent } from '../../services/registry/domain/registry-event.ts';
import { freshTaxCode, registryEvent } from '../support/registry.ts';

const doc = makeDocumentClient({ AWS_ENDPOINT_URL_DYNAMODB: inject('runtime').endpoints.dynamodb, AWS_REGION: 'us-east-1' });
const imports = new DynamoDbImportRepository(doc, localNames.table('registry', 'imports'));
const ENTERPRISES = localNames.table('registry', 'enterprises');
afterAll(() => doc.destroy());

const T0 = new Date('2026-11-30T01:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);

function newJob(): ImportJob {
  const id = randomUUID();
  return {
    id,
    format: 'csv',
    status: 'awaiting-upload',
    createdBy: 'admin-1',
    createdByAgency: 'so-tai-chinh',
    createdAt: T0.toISOString(),
    sourceKey: `registry/imports/${id}/source.csv`,
    rowsRead: 0,
    chunksSent: 0,
    chunksDone: 0,
    chunksFailed: 0,
    rowsFailed: 0,
    applied: 0,
    stale: 0,
    duplicate: 0,
    rejected: 0,
    readingDone: false,
  };
}

const openIds = async () => new Set((await imports.openJobs()).map((j) => j.id));

describe('the reader’s lease and checkpoint', () => {
  it('lets one reader hold a job until its heartbeat lapses; the one that lost it can no longer checkpoint', async () => {
    const job = newJob();
    await imports.create(job);

    const a = await imports.claimForReading(job.id, 'reader-a', at(0), at(-30));
    expect(a).toMatchObject({ id: job.id, status: 'reading', readerId: 'reader-a', rowsRead: 0, chunksSent: 0 });
    expect(await imports.claimForReading(job.id, 'reader-b', at(10), at(-20))).toBeUndefined();
    expect(await imports.checkpoint(job.id, 'reader-a', { chunksSent: 2, rowsRead: 400 }, at(20))).toBe(true);
    expect(await imports.heartbeat(job.id, 'reader-b', at(20))).toBe(false);

    // reader-a falls silent: 30 s after its last checkpoint its lease has lapsed.
    const b = await imports.claimForReading(job.id, 'reader-b', at(51), at(21));
    expect(b).toMatchObject({ readerId: 'reader-b', chunksSent: 2, rowsRead: 400, progressAt: at(20).toISOString() });
    expect(await imports.checkpoint(job.id, 'reader-a', { chunksSent: 3, rowsRead: 600 }, at(52))).toBe(false);
    expect(await imports.finishReading(job.id, 'reader-a', { chunks: 3, rowsRead: 600 }, at(52))).toBe(false);

    // Released, it can be claimed at once, whatever the time.
    await imports.releaseReading(job.id, 'reader-b');
    expect(await imports.claimForReading(job.id, 'reader-c', at(53), new Date(0))).toMatchObject({ readerId: 'reader-c' });
    expect(await imports.finishReading(job.id, 'reader-c', { chunks: 3, rowsRead: 600 }, at(60))).toBe(true);
    const applying = await imports.get(job.id);
    expect(applying).toMatchObject({ status: 'applying', readingDone: true, chunks: 3, chunksSent: 3, rowsRead: 600 });
    expect(applying).not.toHaveProperty('readerId');
    expect(applying).not.toHaveProperty('openPk');
  });
});

describe('chunks, failures and the open-jobs index', () => {
  it('records each chunk once, lists failures and ranges, and leaves the index at a terminal status', async () => {
    const job = newJob();
    await imports.create(job);
    await imports.claimForReading(job.id, 'r', at(0), at(-30));
    await imports.finishReading(job.id, 'r', { chunks: 2, rowsRead: 250 }, at(1));
    expect(await openIds()).toContain(job.id);

    const rejection = { row: 7, eventId: 'e-7', errors: [{ path: 'taxCode', message: 'bad' }] };
    expect(
      await imports.recordChunk(
        job.id,
        { chunk: 0, firstRow: 1, lastRow: 200, applied: 199, stale: 0, duplicate: 0, rejected: [rejection] },
        at(2),
      ),
    ).toBe(true);
    expect(
      await imports.recordChunk(
        job.id,
        { chunk: 0, firstRow: 1, lastRow: 200, applied: 199, stale: 0, duplicate: 0, rejected: [rejection] },
        at(3),
      ),
    ).toBe(false);
    const failure = { chunk: 1, firstRow: 201, lastRow: 250, rows: 50, reason: 'Failed 5 attempts' };
    expect(await imports.recordChunkFailure(job.id, failure, at(4))).toBe(true);
    expect(await imports.recordChunkFailure(job.id, failure, at(5))).toBe(false);
    expect(await imports.recordChunkFailure(job.id, { ...failure, chunk: 0 }, at(5))).toBe(false);

    expect(await imports.get(job.id)).toMatchObject({
      chunksDone: 2,
      chunksFailed: 1,
      rowsFailed: 50,
      applied: 199,
      rejected: 1,
      progressAt: at(4).toISOString(),
    });
    expect(await imports.recordedChunks(job.id)).toEqual([
      { chunk: 0, firstRow: 1, lastRow: 200 },
      { chunk: 1, firstRow: 201, lastRow: 250 },
    ]);
    expect(await imports.failures(job.id, 10)).toEqual([failure]);
    expect(await imports.rejections(job.id, 10)).toEqual([rejection]);

    expect(await imports.finish(job.id, { from: 'reading', status: 'failed', at: at(6) })).toBe(false);
    expect(await imports.finish(job.id, { from: 'applying', status: 'completed-with-errors', error: 'rows failed', at: at(6) })).toBe(true);
    expect(await imports.finish(job.id, { from: 'applying', status: 'completed', at: at(7) })).toBe(false);
    expect(await imports.get(job.id)).toMatchObject({
      status: 'completed-with-errors',
      error: 'rows failed',
      finishedAt: at(6).toISOString(),
    });
    expect(await openIds()).not.toContain(job.id);
  });

  it('rewinds a job only if it made no progress since the sweep looked, taking the lease away', async () => {
    const job = newJob();
    await imports.create(job);
    await imports.claimForReading(job.id, 'r', at(0), at(-30));
    await imports.checkpoint(job.id, 'r', { chunksSent: 5, rowsRead: 1000 }, at(10));

    expect(await imports.rewind(job.id, { chunksSent: 2, rowsRead: 400 }, at(9).toISOString(), at(700))).toBe(false);
    expect(await imports.rewind(job.id, { chunksSent: 2, rowsRead: 400 }, at(10).toISOString(), at(700))).toBe(true);

    const rewound = await imports.get(job.id);
    expect(rewound).toMatchObject({
      status: 'reading',
      chunksSent: 2,
      rowsRead: 400,
      readingDone: false,
      resumes: 1,
      progressAt: at(700).toISOString(),
    });
    expect(rewound).not.toHaveProperty('readerId');
    expect(await imports.checkpoint(job.id, 'r', { chunksSent: 6, rowsRead: 1200 }, at(701))).toBe(false);
  });
});

describe('absent fields of an import row', () => {
  const enterprises = (client: DynamoDBDocumentClient) =>
    new DynamoDbEnterpriseRepository(client, ENTERPRISES, { refOf: async () => testRefOf }, () => T0);
  const event = (o: Parameters<typeof registryEvent>[0]): RegistryEvent => {
    const check = checkRegistryEvent(registryEvent(o), new Date());
    if (!check.ok) throw new Error(JSON.stringify(check.errors));
    return check.event;
  };
  const owners = (name: string) => [{ name, taxCode: null, sharePct: 100 }];

  it('keep the stored owners when a newer row without them is applied', async () => {
    const taxCode = freshTaxCode();
    const repo = enterprises(doc);
    await repo.apply([{ sourceId: `feed-${taxCode}`, event: event({ taxCode, revision: 1, enterprise: { owners: owners('Chủ A') } }) }], {
      dedupe: 'event-id',
    });

    const outcome = await repo.apply(
      [{ sourceId: `imp:${taxCode}`, event: event({ taxCode, revision: 2, enterprise: { owners: [], employees: 12 } }), keep: ['owners'] }],
      { dedupe: 'profile' },
    );

    expect(outcome.get(`imp:${taxCode}`)).toEqual({ outcome: 'applied' });
    expect(await repo.get(taxCode)).toMatchObject({ revision: 2, employees: 12, owners: owners('Chủ A') });
  });

  it('are merged again from the newer profile when it changed between the read and the write', async () => {
    const taxCode = freshTaxCode();
    await enterprises(doc).apply(
      [{ sourceId: `feed1-${taxCode}`, event: event({ taxCode, revision: 1, enterprise: { owners: owners('Chủ A') } }) }],
      { dedupe: 'event-id' },
    );
    // Just before the import's first write, the feed stores revision 2 with new owners.
    let raced = false;
    const racing = {
      send: async (command: unknown) => {
        if (!raced && command instanceof TransactWriteCommand) {
          raced = true;
          const rev2 = profileFrom(
            event({ taxCode, revision: 2, enterprise: { owners: owners('Chủ B') } }),
            `feed2-${taxCode}`,
            T0,
            testRefOf,
          );
          await doc.send(new PutCommand({ TableName: ENTERPRISES, Item: toItem(rev2) }));
        }
        return doc.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;

    const outcome = await enterprises(racing).apply(
      [{ sourceId: `imp:${taxCode}`, event: event({ taxCode, revision: 3, enterprise: { owners: [], employees: 13 } }), keep: ['owners'] }],
      { dedupe: 'profile' },
    );

    expect(raced).toBe(true);
    expect(outcome.get(`imp:${taxCode}`)).toEqual({ outcome: 'applied' });
    expect(await enterprises(doc).get(taxCode)).toMatchObject({ revision: 3, employees: 13, owners: owners('Chủ B') });
  });

  it('leave a row that is not newer stale, the profile untouched', async () => {
    const taxCode = freshTaxCode();
    const repo = enterprises(doc);
    await repo.apply([{ sourceId: `feed-${taxCode}`, event: event({ taxCode, revision: 4, enterprise: { owners: owners('Chủ A') } }) }], {
      dedupe: 'event-id',
    });

    const outcome = await repo.apply([{ sourceId: `imp:${taxCode}`, event: event({ taxCode, revision: 3 }), keep: ['owners'] }], {
      dedupe: 'profile',
    });

    expect(outcome.get(`imp:${taxCode}`)).toEqual({ outcome: 'stale' });
    expect(await repo.get(taxCode)).toMatchObject({ revision: 4, sourceId: `feed-${taxCode}` });
  });
});
