/**
 * A sample of the annual report, from a year of synthetic events (test/bench/reporting-events.ts)
 * added up by the real mapping into the in-memory store, rendered by the real renderers: the PDF
 * and a PNG of its first page (pdftoppm, from poppler-utils) for the README.
 *
 *   npx tsx test/bench/report-sample.ts [--events 20000] [--language vi] [--out docs/report-sample]
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { renderers } from '../../services/reporting/adapters/outbound/render/index.ts';
import { recordEvents } from '../../services/reporting/app/record-events.ts';
import { noPlansYet } from '../../services/reporting/adapters/outbound/plan-allocations.ts';
import { progressData } from '../../services/reporting/app/report-data.ts';
import type { Language } from '../../services/reporting/domain/report.ts';
import { FakeAggregateStore } from '../unit/services/reporting/fakes.ts';
import { generate } from './reporting-events.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    language: { type: 'string', default: 'vi' },
    out: { type: 'string', default: 'docs/report-sample' },
  },
});
const now = new Date('2026-11-30T00:05:00Z');
const store = new FakeAggregateStore();
await recordEvents({ store }, [...generate(Number(values.events), 7)]);
const data = await progressData(
  { store, allocations: noPlansYet },
  {
    id: 'annual-2026-sample',
    kind: 'progress',
    period: 'annual',
    from: '2026-01-01',
    to: '2026-11-30',
    language: values.language as Language,
    trigger: 'request',
    requestedBy: 'sample',
    requestedByAgency: 'so-tai-chinh',
    status: 'running',
    createdAt: now.toISOString(),
    files: [],
  },
  now,
);
const [pdf] = await renderers.progress(data, ['pdf']);
writeFileSync(`${values.out}.pdf`, pdf!.body);
execFileSync('pdftoppm', ['-r', '90', '-f', '1', '-l', '1', '-singlefile', '-png', `${values.out}.pdf`, values.out!]);
console.log(`wrote ${values.out}.pdf and ${values.out}.png`);
