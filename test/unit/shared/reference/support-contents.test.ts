/** The support contents as data: well-formed, sourced, assumptions explained, a default for every programme category. */
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../../services/intake/domain/programme.ts';
import {
  CONTENT_IDS,
  contentById,
  DEFAULT_CONTENTS_BY_CATEGORY,
  defaultContents,
  MAX_CONTENTS_PER_PROGRAMME,
  SUPPORT_CONTENTS,
  SUPPORT_GROUPS,
} from '../../../../shared/reference/support-contents.ts';

const DIRECT_KINDS = ['credit', 'trade-promotion', 'digital', 'tech-innovation', 'premises', 'startup', 'value-chain', 'green'];

describe('support contents', () => {
  it('has unique ids of the form <group>/<content>, in a known group, with both names and a source', () => {
    expect(new Set(CONTENT_IDS).size).toBe(CONTENT_IDS.length);
    for (const c of SUPPORT_CONTENTS) {
      expect(c.id).toMatch(/^[a-z-]+\/[a-z-]+$/);
      expect(c.id.split('/')[0]).toBe(c.group);
      expect(SUPPORT_GROUPS).toContain(c.group);
      expect(c.name.vi.length).toBeGreaterThan(3);
      expect(c.name.en.length).toBeGreaterThan(3);
      expect(c.source.length).toBeGreaterThan(10);
    }
  });

  it("makes every content of the scheme's eight direct-support kinds direct", () => {
    for (const c of SUPPORT_CONTENTS.filter((x) => DIRECT_KINDS.includes(x.group))) expect(c.direct, c.id).toBe(true);
    for (const kind of DIRECT_KINDS)
      expect(
        SUPPORT_CONTENTS.some((c) => c.group === kind),
        kind,
      ).toBe(true);
  });

  it('explains every assumption, and marks as one every content outside the direct kinds', () => {
    for (const c of SUPPORT_CONTENTS as readonly { id: string; group: string; assumption?: true; why?: string }[]) {
      expect(c.assumption === true, `${c.id}: why without assumption or the reverse`).toBe(c.why !== undefined);
      if (!DIRECT_KINDS.includes(c.group)) expect(c.assumption, c.id).toBe(true);
    }
  });

  it('names the contents the scheme and the shared contract mention', () => {
    for (const id of [
      'tech-innovation/equipment',
      'trade-promotion/fair-booth',
      'consulting/management',
      'training/workforce',
      'premises/rent',
      'credit/interest-subsidy',
      'digital/software',
      'productivity-quality/model-enterprise',
      'cnht/key-products',
    ]) {
      expect(contentById(id), id).toBeDefined();
    }
    expect(contentById('lottery/tickets')).toBeUndefined();
  });

  it('has a default contents list for every programme category, of known contents, within the per-programme bound', () => {
    expect(Object.keys(DEFAULT_CONTENTS_BY_CATEGORY).sort()).toEqual([...CATEGORIES].sort());
    for (const category of CATEGORIES) {
      const contents = defaultContents(category);
      expect(contents.length, category).toBeGreaterThan(0);
      expect(contents.length).toBeLessThanOrEqual(MAX_CONTENTS_PER_PROGRAMME);
      for (const id of contents) expect(contentById(id), `${category}: ${id}`).toBeDefined();
    }
    expect(defaultContents('unknown')).toEqual([]);
  });
});
