import { describe, expect, it } from 'vitest';
import { MAX_RECIPIENTS, resolveRecipients } from '../../../../services/notifications/domain/recipients.ts';

describe('recipients of a message about an enterprise', () => {
  it("writes to the application's contact in Vietnamese when no language was asked for", () => {
    expect(resolveRecipients([{ email: 'lan@example.vn' }], [])).toEqual([{ email: 'lan@example.vn', language: 'vi' }]);
  });

  it("writes to the contact in English on request, and to linked people in the application's language unless they have their own", () => {
    const out = resolveRecipients(
      [{ email: 'lan@example.vn', language: 'en' }],
      [{ email: 'giam.doc@example.vn' }, { email: 'ke.toan@example.vn', language: 'vi' }],
    );
    expect(out).toEqual([
      { email: 'lan@example.vn', language: 'en' },
      { email: 'giam.doc@example.vn', language: 'en' },
      { email: 'ke.toan@example.vn', language: 'vi' },
    ]);
  });

  it('writes to an address once, whatever its case, the contact first', () => {
    const out = resolveRecipients([{ email: 'Lan@Example.vn', language: 'vi' }], [{ email: 'lan@example.vn', language: 'en' }]);
    expect(out).toEqual([{ email: 'Lan@Example.vn', language: 'vi' }]);
  });

  it('writes to no one when no address is known', () => {
    expect(resolveRecipients([], [])).toEqual([]);
  });

  it(`writes to at most ${MAX_RECIPIENTS} addresses`, () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ email: `p${i}@example.vn` }));
    expect(resolveRecipients([], many)).toHaveLength(MAX_RECIPIENTS);
  });
});
