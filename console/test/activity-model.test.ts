/**
 * Attendance rows as the activity page sends them: a person only as the SHA-256 of the citizen id
 * (hashed in the browser), a row without one a head count, an organisation named with its kind;
 * what can be told before sending comes back under the paths the API would use.
 */
import { describe, expect, it } from 'vitest';
import { attendanceRowsOf, blankRow, rowCountsAs } from '../src/pages/activity-model.ts';

const messages = { personalId: 'id', headCount: 'heads', organisation: 'org' };
// SHA-256 of '001203004005', computed apart (Python's hashlib): the page's own hashing is what runs here.
const HASH = '19e417a1d102815112051d22d0991ef675d28b857ddf7fa431d99a4f11581873';

describe('attendance rows', () => {
  it('sends an enterprise, a person by the hash of the id (never the id), heads, and an organisation', async () => {
    const out = await attendanceRowsOf(
      [
        { ...blankRow(), taxCode: '0101234567', role: 'ceo' },
        { ...blankRow(), personalId: '001 203 004 005', role: 'worker', headCount: '7' },
        { ...blankRow(), role: 'worker', headCount: '30' },
        { ...blankRow(), organisationName: 'Quatest 1', organisationKind: 'conformity-body', role: 'expert' },
      ],
      messages,
    );
    expect(out).toEqual({
      rows: [
        { taxCode: '0101234567', role: 'ceo' },
        { personIdHash: HASH, role: 'worker' },
        { role: 'worker', headCount: 30 },
        { organisation: { name: 'Quatest 1', kind: 'conformity-body' }, role: 'expert' },
      ],
    });
    expect(JSON.stringify(out)).not.toContain('001203004005');
  });

  it('marks a row without a person as a head count', () => {
    expect(rowCountsAs({ ...blankRow(), headCount: '3' })).toBe('heads');
    expect(rowCountsAs({ ...blankRow(), personalId: '001203004005' })).toBe('person');
  });

  it('tells a short id, a bad head count and half an organisation, under the paths the API uses', async () => {
    const out = await attendanceRowsOf(
      [
        { ...blankRow(), personalId: '12345' },
        { ...blankRow(), headCount: '-2' },
        { ...blankRow(), organisationName: 'Lab' },
      ],
      messages,
    );
    expect(out).toEqual({
      problem: {
        status: 400,
        errors: [
          { path: 'rows.0.personIdHash', message: 'id' },
          { path: 'rows.1.headCount', message: 'heads' },
          { path: 'rows.2.organisation', message: 'org' },
        ],
      },
    });
  });
});
