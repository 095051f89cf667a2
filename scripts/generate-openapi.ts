/**
 * `npx tsx scripts/generate-openapi.ts [--out file]`: writes the OpenAPI document the API serves at
 * `/openapi.json` (the same builder and manifests), offline. `npm test` lints it with Redocly's
 * recommended rules, and the console generates its typed client from it.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { services } from '../services/index.ts';
import { buildOpenApi } from '../shared/http/openapi.ts';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const text = `${JSON.stringify(buildOpenApi(services, { version: '1.0.0' }), null, 2)}\n`;
if (values.out) writeFileSync(values.out, text);
else process.stdout.write(text);
