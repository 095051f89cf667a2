/**
 * How many DynamoDB calls a draft and a submit make (issue 22): the use cases over the real
 * repository on the local runtime's DynamoDB Local, every command the client sends counted by a
 * middleware. The figures are in docs/benchmarks.md (intake); the request's `Idempotency-Key`
 * adds two more calls per request in its own table (Powertools), not counted here.
 *
 * Its outbox is a table of its own with no stream, as in intake-repository.test.ts: nothing it
 * writes is relayed.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import '../../shared/contracts/index.ts';
import { makeDocumentClient } from '../../shared/aws/clients.ts';
import { localNames } from '../../shared/manifest.ts';
import { DynamoDbIntakeRepository } from '../../services/intake/adapters/outbound/dynamodb-intake-repository.ts';
import { createApplication, submitApplication } from '../../services/intake/app/applications.ts';
import type { Actor, EnterpriseRecord, IntakeDeps } from '../../services/intake/app/ports.ts';
import type { Programme } from '../../services/intake/domain/programme.ts';
import { clock } from '../../shared/time/clock.ts';
import { createTable, localClients, uniqueName } from '../support/aws.ts';
import { daysFromToday, nowIso } from '../support/clock.ts';
import { contact } from '../support/intake.ts';
import { enterprise as anEnterprise, programme as aProgramme } from '../unit/services/intake/fixtures.ts';

const TABLE = localNames.table('intake', 'records');
const OUTBOX = uniqueName('intake-round-trips-outbox');

const doc = makeDocumentClient({ AWS_ENDPOINT_URL_DYNAMODB: inject('runtime').endpoints.dynamodb, AWS_REGION: 'us-east-1' });
const calls: string[] = [];
doc.middlewareStack.add(
  (next, context) => async (args) => {
    calls.push(context.commandName ?? '?');
    return next(args);
  },
  { step: 'initialize', name: 'countRoundTrips' },
);
const repo = new DynamoDbIntakeRepository(doc, TABLE, OUTBOX);
const unused = (what: string) =>
  new Proxy({}, { get: () => () => Promise.reject(new Error(`a draft or a submit does not call ${what}`)) }) as never;
const deps: IntakeDeps = {
  repo,
  documents: unused('S3'),
  links: unused('the registry'),
  now: () => clock.now(),
  newId: randomUUID,
};

beforeAll(async () => {
  await createTable(localClients().db, OUTBOX, { pk: 'id' });
});
afterAll(() => doc.destroy());

const rand = () => randomUUID().slice(0, 8);
const agency = `test-agency-${rand()}`;
const answers = { labourProductivityGrowthPct: 12.5 };
const officer: Actor = { sub: 'officer-round-trips', agency, roles: ['officer'] };

/** The unit tests' programme input (no documents; its one required question answered), stored: open around today, of a test agency. */
function programme(): Programme {
  const at = nowIso();
  const input = aProgramme({
    code: `RT-${rand().toUpperCase()}`,
    ownerAgency: agency,
    opensOn: daysFromToday(-30),
    closesOn: daysFromToday(300),
  });
  return { ...input, id: randomUUID(), committedVnd: 0, version: 1, createdAt: at, createdBy: 'officer-1', updatedAt: at };
}

// The unit tests' enterprise (an active small manufacturer), with a tax code and commune of its own.
const enterprise = (o: Partial<EnterpriseRecord> = {}): EnterpriseRecord =>
  anEnterprise({
    taxCode: String(randomInt(1_000_000_000, 9_999_999_999)),
    communeCode: `test-commune-${rand()}`,
    updatedAt: nowIso(),
    ...o,
  });

/** The commands `act` sends, in order. */
async function counted(act: () => Promise<unknown>): Promise<string[]> {
  calls.length = 0;
  await act();
  return [...calls];
}

describe('store round trips of a draft and a submit', () => {
  it('a draft reads the programme and the enterprise in one BatchGetItem and writes once; a submit reads the application, then the programme and the enterprise in one BatchGetItem, and writes the application with its event in one transaction', async () => {
    const p = programme();
    const e = enterprise();
    await repo.createProgramme(p);
    await repo.recordEnterprise(e);

    let id = '';
    const create = await counted(async () => {
      id = (await createApplication(deps, officer, { programmeId: p.id, taxCode: e.taxCode, requestedAmountVnd: 1, answers, contact })).id;
    });
    expect(create).toEqual(['BatchGetItemCommand', 'PutItemCommand']);

    const submit = await counted(() => submitApplication(deps, officer, id, 1));
    expect(submit).toEqual(['GetItemCommand', 'BatchGetItemCommand', 'TransactWriteItemsCommand']);
    expect((await repo.getApplication(id))?.status).toBe('submitted');
  });

  it('a submit of an enterprise with people also looks for related enterprises (one query)', async () => {
    const p = programme();
    const e = enterprise({ people: [{ role: 'legal-representative', personRef: randomUUID().replaceAll('-', '').padEnd(64, '0') }] });
    await repo.createProgramme(p);
    await repo.recordEnterprise(e);
    const app = await createApplication(deps, officer, {
      programmeId: p.id,
      taxCode: e.taxCode,
      requestedAmountVnd: 1,
      answers,
      contact,
    });

    const submit = await counted(() => submitApplication(deps, officer, app.id, 1));
    expect(submit).toEqual(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'TransactWriteItemsCommand']);
  });

  it('a draft for a programme or an enterprise that is not there is refused after the same one read', async () => {
    const e = enterprise();
    await repo.recordEnterprise(e);
    const missing = await counted(() =>
      createApplication(deps, officer, {
        programmeId: randomUUID(),
        taxCode: e.taxCode,
        requestedAmountVnd: 1,
        answers: {},
        contact,
      }).catch((error: Error) => expect(error.message).toMatch(/No programme/)),
    );
    expect(missing).toEqual(['BatchGetItemCommand']);
  });
});
