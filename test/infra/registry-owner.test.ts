/**
 * The agency owning registry data (shared/access/policy.ts `registryOwnerAgency()`, read from
 * REGISTRY_OWNER_AGENCY): set on the deployed functions from context `registryOwnerAgency`, by
 * default the coordinator as in local runs, so AWS and `npm start` decide the same.
 */
import { describe, expect, it } from 'vitest';
import { COORDINATOR_AGENCY } from '../../shared/access/policy.ts';
import { REGISTRY_OWNER_AGENCY_ENV } from '../../infra/stacks/stateless-stack.ts';
import { services } from '../../services/index.ts';
import { resourceOf, synthesize, type Synthesized } from './synth.ts';

const ownerSeenBy = ({ stateless, statelessTemplate }: Synthesized, service: string) =>
  // The outbox relay is platform code that never asks the policy.
  [...stateless.services.get(service)!.functions.entries()]
    .filter(([id]) => id !== 'OutboxRelay')
    .map(([id, fn]) => [
      id,
      (resourceOf(statelessTemplate, fn.fn).Properties.Environment.Variables as Record<string, string>)[REGISTRY_OWNER_AGENCY_ENV],
    ]);

describe('the registry owner agency', () => {
  it('is the coordinator (so-tai-chinh) for every registry function unless the deployment names another', () => {
    expect(COORDINATOR_AGENCY).toBe('so-tai-chinh');
    const seen = ownerSeenBy(synthesize(services), 'registry');
    expect(seen.length).toBeGreaterThan(0);
    for (const [id, owner] of seen) expect(owner, id).toBe(COORDINATOR_AGENCY);
  });

  it("follows the registryOwnerAgency the deployment names, in every service's functions (the policy is shared code)", () => {
    const synthesized = synthesize(services, { registryOwnerAgency: 'so-cong-thuong' });
    for (const m of services) {
      for (const [id, owner] of ownerSeenBy(synthesized, m.name)) expect(owner, `${m.name} ${id}`).toBe('so-cong-thuong');
    }
  });
});
