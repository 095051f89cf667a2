/** The programme form's support contents: every content offered once, a category's defaults, and sent back on PUT. */
import { describe, expect, it } from 'vitest';
import { CATEGORIES, CONTENT_GROUPS, defaultContentsOf, inputOf, type ProgrammeView } from '../src/pages/programme-model.ts';
import { SUPPORT_CONTENTS } from '../../shared/reference/support-contents.ts';

describe('programme form: support contents', () => {
  it('offers every support content once, grouped', () => {
    const offered = CONTENT_GROUPS.flatMap((g) => g.contents.map((c) => c.id));
    expect(offered.sort()).toEqual(SUPPORT_CONTENTS.map((c) => c.id).sort());
    for (const g of CONTENT_GROUPS) expect(g.contents.every((c) => c.id.startsWith(`${g.group}/`))).toBe(true);
  });

  it("starts a new programme from its category's contents", () => {
    expect(defaultContentsOf('digital-transformation')).toEqual(['digital/consulting', 'digital/software']);
    for (const c of CATEGORIES) expect(defaultContentsOf(c).length).toBeGreaterThan(0);
  });

  it('sends the contents back on PUT, and not allowStacking', () => {
    const view = {
      code: 'X',
      supportContents: ['premises/rent'],
      allowStacking: true,
      id: 'p',
      version: 2,
      committedVnd: 0,
    } as unknown as ProgrammeView;
    expect(inputOf(view)).toEqual({ code: 'X', supportContents: ['premises/rent'] });
  });
});
