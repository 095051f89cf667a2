import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { services } from '../../../services/index.ts';
import { renderAccessPolicy } from '../../../shared/access/table.ts';

describe('docs/access-policy.md', () => {
  it('is what the policy and the manifests say (regenerate: npx tsx scripts/generate-access-policy.ts)', () => {
    delete process.env.REGISTRY_OWNER_AGENCY;
    const onDisk = readFileSync(resolve(import.meta.dirname, '../../../docs/access-policy.md'), 'utf8');
    expect(onDisk).toBe(renderAccessPolicy(services));
  });

  it('names every jwt route', () => {
    const doc = renderAccessPolicy(services);
    for (const m of services)
      for (const r of m.routes.filter((x) => x.auth.kind === 'jwt')) expect(doc).toContain(`\`${r.method} ${r.path}\``);
  });
});
