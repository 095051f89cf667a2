/**
 * The registry's enterprise repository against the local runtime's own table
 * (`registry-enterprises`), as the feed and import handlers use it: an item DynamoDB refuses (over
 * 400 KB) is rejected on its own and the rest of the batch still applies; people are stored as refs.
 * The oversize change is built here without the schema (which no longer lets one through), so the
 * store's own refusal is what is tested.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { makeDocumentClient } from '../../shared/aws/clients.ts';
import { localNames } from '../../shared/manifest.ts';
import {
  DynamoDbEnterpriseRepository,
  enterpriseKey,
  itemSize,
  toItem,
} from '../../services/registry/adapters/outbound/dynamodb-enterprise-repository.ts';
import type { Change } from '../../services/registry/app/ports.ts';
import { profileFrom } from '../../services/registry/domain/enterprise.ts';
import { personRefOf } from '../../services/registry/domain/person-ref.ts';
import { checkRegistryEvent, type RegistryEvent } from '../../services/registry/domain/registry-event.ts';
import { freshTaxCode, registryEvent } from '../support/registry.ts';

const TABLE = localNames.table('registry', 'enterprises');
const KEY = 'adapter-test-person-ref-key-0123456789';
const refOf = personRefOf(KEY);
const doc = makeDocumentClient({ AWS_ENDPOINT_URL_DYNAMODB: inject('runtime').endpoints.dynamodb, AWS_REGION: 'us-east-1' });
const repo = new DynamoDbEnterpriseRepository(doc, TABLE, { refOf: async () => refOf });

afterAll(() => doc.destroy());

const HASH = 'cd'.repeat(32);

function validChange(overrides: Parameters<typeof registryEvent>[0] = {}): Change {
  const raw = registryEvent({
    ...overrides,
    enterprise: {
      legalRepresentative: { name: 'Nguyễn Văn A', personalIdHash: HASH },
      owners: [{ name: 'Nguyễn Văn A', personalIdHash: HASH, taxCode: null, sharePct: 60 }],
    },
  });
  const check = checkRegistryEvent(raw, new Date());
  if (!check.ok) throw new Error(JSON.stringify(check.errors));
  return { sourceId: check.event.eventId, event: check.event };
}

/** 1,000 owners with 200-character names (3 bytes each in UTF-8): what the schema used to let through, ≈ 700 KB as an item. */
function oversizeChange(): Change {
  const base = validChange();
  const owners = Array.from({ length: 1000 }, (_, i) => ({
    name: `${i} ${'Nguyễn Thị Hồng Nhung'.repeat(10)}`.replace(/[^ ]/g, 'ệ').slice(0, 200),
    personalIdHash: HASH,
    taxCode: null,
    sharePct: 0.1,
  }));
  const event: RegistryEvent = { ...base.event, taxCode: freshTaxCode(), enterprise: { ...base.event.enterprise, owners } };
  return { sourceId: `${base.sourceId}-big`, event };
}

const stored = async (taxCode: string) =>
  (await doc.send(new GetCommand({ TableName: TABLE, Key: enterpriseKey(taxCode), ConsistentRead: true }))).Item;
const eventIdRecord = async (id: string) =>
  (await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: `EVT#${id}`, sk: 'EVT' }, ConsistentRead: true }))).Item;

describe('DynamoDbEnterpriseRepository.apply against DynamoDB Local', () => {
  it('rejects the one change whose item is over 400 KB, with the reason, and applies the rest (feed)', async () => {
    const big = oversizeChange();
    expect(itemSize(toItem(profileFrom(big.event, big.sourceId, new Date(), refOf)))).toBeGreaterThan(400 * 1024);
    const ok = [validChange(), validChange(), validChange()];

    const outcomes = await repo.apply([ok[0]!, big, ok[1]!, ok[2]!], { dedupe: 'event-id' });

    expect(outcomes.get(big.sourceId)).toEqual({
      outcome: 'rejected',
      errors: [{ path: 'enterprise', message: expect.stringMatching(/400 KB/) }],
    });
    for (const c of ok) {
      expect(outcomes.get(c.sourceId)).toEqual({ outcome: 'applied' });
      expect(await stored(c.event.taxCode)).toMatchObject({ revision: 1, sourceId: c.sourceId });
      expect(await eventIdRecord(c.sourceId)).toMatchObject({ outcome: 'applied' });
    }
    expect(await stored(big.event.taxCode)).toBeUndefined();
    // Not remembered: a corrected resend of the same event id is not a duplicate.
    expect(await eventIdRecord(big.sourceId)).toBeUndefined();
  });

  it('isolates the refused change for import rows too (profile dedupe)', async () => {
    const big = oversizeChange();
    const ok = validChange();

    const outcomes = await repo.apply([big, ok], { dedupe: 'profile' });

    expect(outcomes.get(big.sourceId)?.outcome).toBe('rejected');
    expect(outcomes.get(ok.sourceId)).toEqual({ outcome: 'applied' });
  });

  it('stores person refs, never the received hashes', async () => {
    const c = validChange();

    await repo.apply([c], { dedupe: 'event-id' });

    const item = await stored(c.event.taxCode);
    expect(item?.legalRepresentative).toEqual({ name: 'Nguyễn Văn A', personRef: refOf(HASH) });
    expect(item?.owners).toEqual([{ name: 'Nguyễn Văn A', personRef: refOf(HASH), taxCode: null, sharePct: 60 }]);
    expect(JSON.stringify(item)).not.toContain(HASH);
  });
});
