/**
 * Regenerates docs/access-policy.md from the access policy and the manifests:
 * `npx tsx scripts/generate-access-policy.ts`; a unit test fails when the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { services } from '../services/index.ts';
import { renderAccessPolicy } from '../shared/access/table.ts';

writeFileSync(resolve(import.meta.dirname, '..', 'docs/access-policy.md'), renderAccessPolicy(services));
