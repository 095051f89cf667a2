/**
 * The registry's answer to "whom does this person act for" in unit tests, for the matrix's
 * enterprise users (test/unit/access/harness.ts): the own enterprise's user acts for `own`, another
 * for `other`; a pending or revoked delegation acts for nothing, as the registry answers.
 */
import type { EnterpriseLinks } from '../../../shared/registry-links/enterprise-links.ts';

export class FakeEnterpriseLinks implements EnterpriseLinks {
  readonly bySub: Map<string, string[]>;

  constructor(own: string, other: string) {
    this.bySub = new Map([
      ['ent-own', [own]],
      ['ent-other', [other]],
      ['ent-pending', []],
      ['ent-revoked', []],
    ]);
  }

  async enterprisesOf(sub: string): Promise<string[]> {
    return [...(this.bySub.get(sub) ?? [])];
  }
}
