import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makePersonRefsHandler } from '../../../../services/registry/adapters/inbound/person-refs.ts';
import { personRefOf } from '../../../../services/registry/domain/person-ref.ts';

const KEY = 'a-test-person-ref-key-of-32-chars!';
const handler = makePersonRefsHandler({ refOf: async () => personRefOf(KEY) });
const hashOf = (id: string) => createHash('sha256').update(id).digest('hex');

describe('the registry person-refs function', () => {
  it('turns personal-id hashes into the refs the registry stores, in order', async () => {
    const hashes = [hashOf('001089012345'), hashOf('079200000001'), hashOf('001089012345')];
    const out = await handler({ hashes });
    expect(out.refs).toEqual(hashes.map(personRefOf(KEY)));
    expect(out.refs[0]).toBe(out.refs[2]);
    expect(out.refs[0]).not.toBe(hashes[0]);
  });

  it('refuses anything but 1–1,000 hashes of 64 lower-case hex digits, naming the field and not the value', async () => {
    const bad = 'Z'.repeat(64);
    await expect(handler({ hashes: [bad] })).rejects.toMatchObject({ errors: [{ path: 'hashes.0' }] });
    await expect(handler({ hashes: [bad] })).rejects.not.toThrow(bad);
    await expect(handler({ hashes: Array.from({ length: 1001 }, (_, i) => hashOf(String(i))) })).rejects.toThrow(
      'Not a person-refs request',
    );
    await expect(handler({ hashes: [] })).rejects.toThrow('Not a person-refs request');
    await expect(handler({ hashes: [hashOf('1')], extra: true })).rejects.toThrow('Not a person-refs request');
  });
});
