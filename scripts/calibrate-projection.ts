/**
 * `npm run calibrate:projection [-- --years 2000] [--seed 19]`: how often the KPI projection's
 * 80 % interval holds the year's final figure, on synthetic years from a known seasonal process
 * (scripts/projection-calibration.ts), projected from each month-end January–November. Prints
 * the coverage per month-end and size and overall (target 75–85 %), the years simulated and the
 * time taken. Deterministic for a seed. docs/benchmarks.md, "Projection calibration".
 */
import { parseArgs } from 'node:util';
import { calibrate, COVERAGE, coverageOf, SIZES, type Size } from './projection-calibration.ts';

const { values } = parseArgs({ options: { years: { type: 'string', default: '2000' }, seed: { type: 'string', default: '19' } } });
const years = Number(values.years);
const seed = Number(values.seed);
if (!Number.isInteger(years) || years < 4 || !Number.isInteger(seed)) throw new Error('--years (≥ 4) and --seed are whole numbers');

const c = calibrate(years, seed);
const { byMonth, overall } = coverageOf(c);
const sizes = Object.keys(SIZES) as Size[];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov'];
const f = (n: number) => `${n.toFixed(1)} %`;
const head = `| month-end | ${sizes.map((s) => `${s} (~${SIZES[s].toLocaleString('en')}/yr)`).join(' | ')} | all |`;
console.log(`Coverage of the ${COVERAGE * 100} % interval (target 75–85 %), seed ${seed}\n`);
console.log(head);
console.log(`| --- | ${sizes.map(() => '---').join(' | ')} | --- |`);
byMonth.forEach((row, m) => console.log(`| ${MONTHS[m]} | ${sizes.map((s) => f(row[s])).join(' | ')} | ${f(row.all)} |`));
console.log(`| **overall** | ${sizes.map((s) => `**${f(overall[s])}**`).join(' | ')} | **${f(overall.all)}** |`);
console.log(`| median width ÷ final | ${sizes.map((s) => `${(100 * c.medianWidth[s]).toFixed(1)} %`).join(' | ')} | |`);
const by = (k: 'default' | 'history') => f((100 * c.byProfile[k].hits) / Math.max(1, c.byProfile[k].trials));
console.log(`\nBy profile: default (no earlier year) ${by('default')}, learnt from 1–3 earlier years ${by('history')}`);
console.log(
  `Simulated ${(years * sizes.length).toLocaleString('en')} years projected (${years.toLocaleString('en')} per size) ` +
    `+ ${c.historyYears.toLocaleString('en')} earlier years for profiles; ` +
    `${(years * sizes.length * 11).toLocaleString('en')} projections in ${(c.ms / 1000).toFixed(1)} s`,
);
const ok = overall.all >= 75 && overall.all <= 85;
console.log(ok ? 'Overall coverage within 75–85 %.' : 'Overall coverage OUTSIDE 75–85 %: the model needs fixing.');
process.exitCode = ok ? 0 : 1;
