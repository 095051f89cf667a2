import { describe, it, expect } from 'vitest';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  enterpriseKey,
  fromItem,
  historySk,
  toItem,
} from '../../../../services/registry/adapters/outbound/dynamodb-enterprise-repository.ts';
import { profile, TAX_CODES } from './fixtures.ts';

describe('enterprise table keys', () => {
  it('keys a profile ENT#<taxCode> / PROFILE', () => {
    expect(enterpriseKey(TAX_CODES.thangLong)).toEqual({ pk: 'ENT#0100233488', sk: 'PROFILE' });
  });

  it('pads the history sort key to ten digits so entries sort by revision', () => {
    expect(historySk(1)).toBe('HIST#0000000001');
    expect(historySk(2_147_483_648)).toBe('HIST#2147483648');
    expect([historySk(10), historySk(9)].sort()).toEqual([historySk(9), historySk(10)]);
  });
});

describe('toItem', () => {
  it('adds the key, the name key and the four search index keys', () => {
    const item = toItem(profile());

    const nameKey = 'co khi chinh xac thang long#0100233488';
    expect(item).toMatchObject({
      pk: 'ENT#0100233488',
      sk: 'PROFILE',
      nameKey,
      gsi1pk: 'C#00004',
      gsi1sk: nameKey,
      gsi2pk: 'V#25',
      gsi2sk: `2592#${nameKey}`,
      gsi3pk: 'N#c',
      gsi3sk: nameKey,
      gsi4pk: 'S#small',
      gsi4sk: `active#${nameKey}`,
    });
  });

  it('keeps every profile field as is', () => {
    const p = profile();

    expect(toItem(p)).toMatchObject({ ...p });
  });
});

describe('fromItem', () => {
  it('gives back exactly the profile toItem stored', () => {
    const p = profile();

    expect(fromItem(toItem(p))).toEqual(p);
  });

  it('gives back the profile after a round trip through DynamoDB attribute values', () => {
    const p = profile({ taxCode: TAX_CODES.hanoiA }, { owners: [{ name: 'Trần Thị B', taxCode: TAX_CODES.saigon, sharePct: 40 }] });

    expect(fromItem(unmarshall(marshall(toItem(p), { removeUndefinedValues: true })))).toEqual(p);
  });
});
