/** GET /rubrics pages the catalogue by rubric id (issue 18 §4): built-in and published rubrics, each once, with its versions. */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../shared/access/policy.ts';
import { ValidationError } from '../../../../shared/errors.ts';
import { listRubrics, publishRubric } from '../../../../services/scoring/app/rubrics.ts';
import { rubricInput } from '../../../../services/scoring/domain/rubric.ts';
import { scoringSetup } from './fakes.ts';

const officer: Actor = { sub: 'khcn-officer', agency: 'so-khcn', roles: ['officer'] };
const rubric = (id: string, name = `Rubric ${id}`) =>
  rubricInput.parse({
    id,
    name,
    combination: { panelAggregate: 'mean', disagreementThresholdPoints: 10 },
    criteria: [
      {
        id: 'exports',
        name: 'Exports',
        group: 'general',
        maxPoints: 10,
        computation: { kind: 'answer-boolean', answer: 'exports', yes: 10, no: 0 },
      },
    ],
  });

describe('the rubric catalogue, page by page', () => {
  it('walks every rubric once in id order, the latest version of each with its versions', async () => {
    const { deps } = scoringSetup();
    for (const id of ['zz-last', 'a-first', 'd-middle', 'cnht-a']) await publishRubric(deps, officer, rubric(id));
    await publishRubric(deps, officer, rubric('d-middle', 'Rubric d-middle, revised'));

    const seen: { id: string; versions: number[]; name: string }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listRubrics(deps, { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((r) => ({ id: r.id, versions: r.versions, name: r.name })));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(seen.map((r) => r.id)).toEqual(['a-first', 'cnht', 'cnht-a', 'd-middle', 'generic', 'zz-last']);
    expect(pages).toBe(3);
    expect(seen.find((r) => r.id === 'd-middle')).toEqual({ id: 'd-middle', versions: [1, 2], name: 'Rubric d-middle, revised' });
  });

  it('ends without a cursor when everything fits, and refuses a cursor it did not issue', async () => {
    const { deps } = scoringSetup();
    expect(await listRubrics(deps, { limit: 20 })).toMatchObject({ nextCursor: null, items: [{ id: 'cnht' }, { id: 'generic' }] });
    await expect(listRubrics(deps, { limit: 20, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toThrow(ValidationError);
  });
});
