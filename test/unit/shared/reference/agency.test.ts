import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { routes as intake } from '../../../../services/intake/routes.ts';
import { routes as matching } from '../../../../services/matching/routes.ts';
import { routes as reporting } from '../../../../services/reporting/routes.ts';
import { programmeChanged } from '../../../../shared/contracts/programme.ts';
import { claimsSchema } from '../../../../shared/http/auth.ts';

/** Whether each place an agency code comes in takes this one. */
function acceptedBy(agency: string): Record<string, boolean> {
  const ok = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;
  const programme = intake.createProgramme.request.body;
  return {
    'a token': ok(claimsSchema, { sub: 's', agency, roles: ['officer'] }),
    "a programme's owner": ok(programme.shape.ownerAgency, agency),
    'the programme listing': ok(intake.listProgrammes.request.query, { agency }),
    'the buyer listing': ok(matching.listBuyers.request.query, { agency }),
    "a programme's announcement": ok(programmeChanged.schema.shape.ownerAgency, agency),
    'the KPIs': ok(reporting.getKpis.request.query, { year: '2026', agency }),
    'a report': ok(reporting.createReport.request.body, { period: 'annual', agency }),
  };
}
const everywhere = (accepted: boolean) => Object.fromEntries(Object.keys(acceptedBy('x')).map((k) => [k, accepted]));

describe('an agency code', () => {
  it('of up to 64 characters is taken wherever an agency code comes in', () => {
    expect(acceptedBy('so-cong-thuong')).toEqual(everywhere(true));
    expect(acceptedBy(`so-${'x'.repeat(61)}`)).toEqual(everywhere(true));
  });

  it('longer, or not lower-case letters, digits and dashes, is refused everywhere alike', () => {
    expect(acceptedBy(`so-${'x'.repeat(62)}`)).toEqual(everywhere(false));
    expect(acceptedBy('Sở Công Thương')).toEqual(everywhere(false));
    expect(acceptedBy('s')).toEqual(everywhere(false));
  });
});
