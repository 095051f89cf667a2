/**
 * The quarterly open-data export: counts by commune and VSIC section, anonymised.
 *
 * Primary suppression: a cell describing fewer than K enterprises is withheld (k-anonymity with
 * k = 5: Eurostat's and most national statistics offices' usual minimum frequency rule — with 1 or
 * 2 a reader who knows a neighbour recognises it, and 5 leaves each enterprise one of at least
 * five). Secondary (complementary) suppression: the export also publishes totals per commune and
 * per section, so a single withheld cell in a row or a column could be recovered by subtraction.
 * Wherever a row or column has exactly one withheld cell, the smallest other published cell of that
 * line is withheld too, and this repeats until no line has exactly one; a total whose line still
 * withholds cells adding up to fewer than K enterprises is itself withheld.
 */
export const MIN_ENTERPRISES = 5;

export interface OpenDataCell {
  commune: string;
  section: string;
  /** Distinct enterprises the cell describes: the figure the threshold applies to. */
  enterprises: number;
  values: Record<string, number>;
}

export interface PublishedCell {
  commune: string;
  section: string;
  suppressed: boolean;
  /** Why it is withheld: below the threshold itself, or to protect another cell. */
  reason?: 'below-threshold' | 'complementary';
  values: Record<string, number | null>;
}

export interface PublishedTotal {
  key: string;
  suppressed: boolean;
  values: Record<string, number | null>;
}

export interface OpenDataTable {
  threshold: number;
  measures: string[];
  cells: PublishedCell[];
  byCommune: PublishedTotal[];
  bySection: PublishedTotal[];
}

export function anonymise(input: readonly OpenDataCell[], measures: readonly string[], k = MIN_ENTERPRISES): OpenDataTable {
  const cells = input.filter((c) => c.enterprises > 0);
  const withheld = new Map<OpenDataCell, PublishedCell['reason']>();
  for (const c of cells) if (c.enterprises < k) withheld.set(c, 'below-threshold');

  const lines = (key: (c: OpenDataCell) => string) => {
    const m = new Map<string, OpenDataCell[]>();
    for (const c of cells) m.set(key(c), [...(m.get(key(c)) ?? []), c]);
    return [...m.values()];
  };
  const allLines = [...lines((c) => c.commune), ...lines((c) => c.section)];
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of allLines) {
      const hidden = line.filter((c) => withheld.has(c));
      if (hidden.length !== 1) continue;
      const partner = line.filter((c) => !withheld.has(c)).sort((a, b) => a.enterprises - b.enterprises)[0];
      if (partner) {
        withheld.set(partner, 'complementary');
        changed = true;
      }
    }
  }

  const values = (c: OpenDataCell, hide: boolean) => Object.fromEntries(measures.map((m) => [m, hide ? null : (c.values[m] ?? 0)]));
  const total = (key: string, line: OpenDataCell[]): PublishedTotal => {
    const hidden = line.filter((c) => withheld.has(c)).reduce((n, c) => n + c.enterprises, 0);
    const all = line.reduce((n, c) => n + c.enterprises, 0);
    // A total is safe when what it hides is itself at least k enterprises (or nothing is hidden)
    // and the total as a whole describes at least k.
    const suppressed = all < k || (hidden > 0 && hidden < k);
    return {
      key,
      suppressed,
      values: Object.fromEntries(measures.map((m) => [m, suppressed ? null : line.reduce((n, c) => n + (c.values[m] ?? 0), 0)])),
    };
  };
  const group = (key: (c: OpenDataCell) => string) =>
    [...new Set(cells.map(key))].sort().map((k2) =>
      total(
        k2,
        cells.filter((c) => key(c) === k2),
      ),
    );

  return {
    threshold: k,
    measures: [...measures],
    cells: cells
      .map((c) => {
        const reason = withheld.get(c);
        return {
          commune: c.commune,
          section: c.section,
          suppressed: reason !== undefined,
          ...(reason ? { reason } : {}),
          values: values(c, reason !== undefined),
        };
      })
      .sort((a, b) => a.commune.localeCompare(b.commune) || a.section.localeCompare(b.section)),
    byCommune: group((c) => c.commune),
    bySection: group((c) => c.section),
  };
}
