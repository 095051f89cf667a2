/**
 * The support ledger: every grant of support to an enterprise, across programmes and agencies.
 * The city's plans require that agencies' support never overlaps ("không có sự trùng lắp"): an
 * enterprise gets support of one category at most once a year, unless the programme granting it
 * explicitly allows stacking.
 */
import { RuleViolationError } from '../../../shared/errors.ts';

export interface Grant {
  grantId: string;
  applicationId: string;
  taxCode: string;
  programmeId: string;
  programmeCode: string;
  agency: string;
  category: string;
  amountVnd: number;
  year: number;
  grantedOn: string;
  /** Granted under a programme that allows stacking. */
  stacking: boolean;
}

/** The earlier grant a new one would duplicate, if any. */
export function overlapping(
  earlier: readonly Grant[],
  candidate: Pick<Grant, 'category' | 'year'>,
  allowStacking: boolean,
): Grant | undefined {
  if (allowStacking) return undefined;
  return earlier.find((g) => g.category === candidate.category && g.year === candidate.year);
}

export function duplicateSupportError(taxCode: string, earlier: Grant): RuleViolationError {
  return new RuleViolationError(
    `${taxCode} was already granted ${earlier.category} support in ${earlier.year}: programme ${earlier.programmeCode} of ${earlier.agency}, ` +
      `${earlier.amountVnd.toLocaleString('en-US')} VND on ${earlier.grantedOn} (application ${earlier.applicationId})`,
    {
      errors: [{ path: 'outcome', message: `duplicates grant ${earlier.grantId}` }],
      extensions: { earlierGrant: earlier },
    },
  );
}
