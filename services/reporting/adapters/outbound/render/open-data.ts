/**
 * The open-data export: CSV, JSON, and the JSON Schema of the JSON (generated from the zod schema
 * the test checks the JSON against, so the two cannot drift).
 */
import * as z from 'zod';
import { communeLabel } from '../../../domain/i18n.ts';
import type { OpenDataTable } from '../../../domain/open-data.ts';
import { csvLines } from './csv.ts';

const count = z.number().int().nonnegative().nullable().describe('null where the figure is withheld');

export const openDataDocument = z
  .object({
    dataset: z.literal('hanoi-sme-support-by-commune-and-sector'),
    year: z.number().int(),
    quarter: z.number().int().min(1).max(4),
    generatedAt: z.string().describe('ISO 8601 instant'),
    threshold: z.number().int().describe('cells describing fewer enterprises than this are withheld'),
    measures: z.array(z.string()),
    cells: z.array(
      z.object({
        communeCode: z.string().regex(/^\d{5}$/),
        communeName: z.string(),
        vsicSection: z.string(),
        suppressed: z.boolean().describe('withheld: below the threshold, or to keep another withheld figure from being worked out'),
        newEnterprises: count,
        householdConversions: count,
        supportedSmes: count,
      }),
    ),
    totals: z.object({
      byCommune: z.array(z.object({ communeCode: z.string(), suppressed: z.boolean(), values: z.record(z.string(), count) })),
      bySection: z.array(z.object({ vsicSection: z.string(), suppressed: z.boolean(), values: z.record(z.string(), count) })),
      all: z.object({ suppressed: z.boolean(), values: z.record(z.string(), count) }).describe('the whole city'),
    }),
  })
  .describe(
    'Hanoi SME support: enterprises founded, household conversions and enterprises supported, by commune and VSIC section, per quarter; anonymised',
  );

export type OpenDataDocument = z.infer<typeof openDataDocument>;

export function openDataJson(t: OpenDataTable, meta: { year: number; quarter: number; generatedAt: string }): OpenDataDocument {
  return {
    dataset: 'hanoi-sme-support-by-commune-and-sector',
    ...meta,
    threshold: t.threshold,
    measures: t.measures,
    cells: t.cells.map((c) => ({
      communeCode: c.commune,
      communeName: communeLabel(c.commune, 'vi'),
      vsicSection: c.section,
      // Why a cell is withheld is not published: a complementary cell's figures are 0 or at least
      // the threshold, which would narrow what a reader can work out.
      suppressed: c.suppressed,
      newEnterprises: c.values.newEnterprises ?? null,
      householdConversions: c.values.householdConversions ?? null,
      supportedSmes: c.values.supportedSmes ?? null,
    })),
    totals: {
      byCommune: t.byCommune.map((x) => ({ communeCode: x.key, suppressed: x.suppressed, values: x.values })),
      bySection: t.bySection.map((x) => ({ vsicSection: x.key, suppressed: x.suppressed, values: x.values })),
      all: { suppressed: t.total.suppressed, values: t.total.values },
    },
  };
}

export function openDataCsv(doc: OpenDataDocument): string {
  const header = [
    'year',
    'quarter',
    'commune_code',
    'commune_name',
    'vsic_section',
    ...doc.measures.map((m) => m.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)),
    'suppressed',
  ];
  return csvLines([
    header,
    ...doc.cells.map((c) => [
      doc.year,
      doc.quarter,
      c.communeCode,
      c.communeName,
      c.vsicSection,
      c.newEnterprises,
      c.householdConversions,
      c.supportedSmes,
      c.suppressed ? 'true' : 'false',
    ]),
  ]);
}

export const openDataSchema = () => z.toJSONSchema(openDataDocument, { target: 'draft-2020-12' });
