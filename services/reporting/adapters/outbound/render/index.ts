/** The renderers behind the Renderers port. */
import type { RenderedFile, Renderers } from '../../../app/ports.ts';
import type { Format } from '../../../domain/report.ts';
import { progressCsv } from './csv.ts';
import { openDataCsv, openDataJson, openDataSchema } from './open-data.ts';
import { progressPdf } from './pdf.ts';
import { progressXlsx } from './xlsx.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

export const renderers: Renderers = {
  async progress(data, formats: readonly Format[]) {
    const out: RenderedFile[] = [];
    for (const format of formats) {
      if (format === 'json')
        out.push({ format, extension: 'json', contentType: 'application/json', body: utf8(JSON.stringify(data, null, 2)) });
      if (format === 'csv') out.push({ format, extension: 'csv', contentType: 'text/csv; charset=utf-8', body: utf8(progressCsv(data)) });
      if (format === 'xlsx')
        out.push({
          format,
          extension: 'xlsx',
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          body: await progressXlsx(data),
        });
      if (format === 'pdf') out.push({ format, extension: 'pdf', contentType: 'application/pdf', body: await progressPdf(data) });
    }
    return out;
  },
  async openData(table, meta) {
    const doc = openDataJson(table, meta);
    return [
      { format: 'csv', extension: 'csv', contentType: 'text/csv; charset=utf-8', body: utf8(openDataCsv(doc)) },
      { format: 'json', extension: 'json', contentType: 'application/json', body: utf8(JSON.stringify(doc, null, 2)) },
      {
        format: 'schema',
        extension: 'schema.json',
        contentType: 'application/schema+json',
        body: utf8(JSON.stringify(openDataSchema(), null, 2)),
      },
    ];
  },
};
