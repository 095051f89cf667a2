import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { parseTaxCode, type TaxCodeKind } from '../../../services/registry/domain/tax-code.ts';
import { checkVsic } from '../../../services/registry/domain/vsic.ts';
import { classifySize, type SizeClass } from '../../../services/registry/domain/size-class.ts';
import { communeByCode, HANOI_COMMUNES } from '../../../shared/reference/hanoi-communes.ts';
import {
  CSV_COLUMNS,
  CSV_HEADER,
  DEFAULT_AS_OF,
  INVALID_VARIANTS,
  SIZE_CLASS_TARGETS,
  branchTaxCode,
  csvField,
  enterpriseTaxCode,
  generateEnterprise,
  generateEvents,
  householdTaxCode,
  invalidVariants,
  latestStates,
  makeInvalid,
  mulberry32,
  rngFor,
  taxCodeFor,
  toCsvRow,
  toNdjsonLine,
  type LegalForm,
  type SyntheticEnterprise,
  type SyntheticRegistryEvent,
} from '../../../local/data/synthetic-enterprises.ts';

const N = 5_000;
const enterprises: { index: number; taxCode: string; e: SyntheticEnterprise }[] = Array.from({ length: N }, (_, index) => {
  const e = generateEnterprise(rngFor(42, index), index);
  return { index, taxCode: taxCodeFor(index, e.legalForm), e };
});
const events = [...generateEvents({ count: 2_000, seed: 7 })];

const KIND: Record<LegalForm, TaxCodeKind> = {
  llc: 'enterprise',
  jsc: 'enterprise',
  private: 'enterprise',
  partnership: 'enterprise',
  household: 'personal',
  branch: 'branch',
};

/** The items failing `ok`, described: one assertion per test instead of thousands. */
const offenders = <T>(
  items: readonly T[],
  ok: (item: T) => boolean,
  describe: (item: T) => string = (item) => JSON.stringify(item),
): string[] =>
  items
    .filter((item) => !ok(item))
    .slice(0, 10)
    .map(describe);

const sizeOf = (e: SyntheticEnterprise): SizeClass =>
  classifySize({ mainVsic: e.vsic.main, employees: e.employees, revenueVnd: e.revenueVnd, totalCapitalVnd: e.totalCapitalVnd }).class;

/** A minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

describe('mulberry32 and determinism', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('generates the same enterprises and events for a seed, and enterprise i whatever the count', () => {
    expect(generateEnterprise(rngFor(42, 17), 17)).toEqual(enterprises[17]!.e);
    expect([...generateEvents({ count: 2_000, seed: 7 })]).toEqual(events);
    const fewer = [...generateEvents({ count: 10, seed: 7 })];
    expect(fewer).toEqual(events.slice(0, fewer.length));
    expect([...generateEvents({ count: 10, seed: 8 })]).not.toEqual(fewer);
  });
});

describe('tax codes', () => {
  it('every generated tax code parses with the kind of its legal form', () => {
    const parsesAs = (taxCode: string, form: LegalForm) => {
      const parsed = parseTaxCode(taxCode);
      return parsed.ok && parsed.code.kind === KIND[form];
    };
    expect(
      offenders(
        enterprises,
        ({ taxCode, e }) => parsesAs(taxCode, e.legalForm),
        ({ taxCode, e }) => `${taxCode} ${e.legalForm}`,
      ),
    ).toEqual([]);
    expect(
      offenders(
        events,
        (ev) => parsesAs(ev.taxCode, ev.enterprise.legalForm),
        (ev) => ev.taxCode,
      ),
    ).toEqual([]);
  });

  it('covers every legal form, and tax codes are unique per index', () => {
    const forms = new Set(enterprises.map(({ e }) => e.legalForm));
    expect([...forms].sort()).toEqual(['branch', 'household', 'jsc', 'llc', 'partnership', 'private']);
    expect(new Set(enterprises.map(({ taxCode }) => taxCode)).size).toBe(N);
    // Whatever the legal form, the 10-digit and 12-digit codes of distinct indices differ.
    const tens = new Set<string>();
    const twelves = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      tens.add(enterpriseTaxCode(i));
      twelves.add(householdTaxCode(i));
    }
    expect(tens.size).toBe(50_000);
    expect(twelves.size).toBe(50_000);
  });

  it('builds Hanoi-looking 10-digit codes, branch codes 001–999 under a valid parent, CCCD-shaped personal ids', () => {
    expect(enterpriseTaxCode(0)).toMatch(/^01[01]\d{7}$/);
    const branch = branchTaxCode(123);
    expect(branch.slice(0, 10)).toBe(enterpriseTaxCode(123));
    expect(branch).toMatch(/^\d{10}-(?!000)\d{3}$/);
    expect(householdTaxCode(5)).toMatch(/^001[0-3]\d{8}$/);
    expect(() => enterpriseTaxCode(-1)).toThrow(RangeError);
  });
});

describe('enterprise contents', () => {
  it('every main and other VSIC code is a valid VSIC 2018 code', () => {
    const valid = ({ e }: (typeof enterprises)[number]) =>
      e.vsic.version === '2018' &&
      checkVsic(e.vsic.main, '2018').ok &&
      e.vsic.others.length <= 3 &&
      e.vsic.others.every((other) => checkVsic(other, '2018').ok) &&
      new Set([e.vsic.main.slice(0, 4), ...e.vsic.others]).size === e.vsic.others.length + 1;
    expect(offenders(enterprises, valid, ({ e }) => JSON.stringify(e.vsic))).toEqual([]);
  });

  it('represents manufacturing well (10–33 about 40 %), with trade, construction, ICT and agriculture', () => {
    const divisions = enterprises.map(({ e }) => Number(e.vsic.main.slice(0, 2)));
    const share = (test: (d: number) => boolean) => divisions.filter(test).length / N;
    expect(share((d) => d >= 10 && d <= 33)).toBeGreaterThan(0.3);
    expect(share((d) => d === 46 || d === 47)).toBeGreaterThan(0.2);
    for (const d of [25, 26, 27, 28, 29, 22, 13, 14, 10, 41, 43, 62, 1]) expect(divisions).toContain(d);
    expect(enterprises.some(({ e }) => e.vsic.main.length === 5)).toBe(true);
  });

  it('uses only real commune codes, mostly urban wards', () => {
    expect(
      offenders(
        enterprises,
        ({ e }) => communeByCode(e.communeCode) !== undefined,
        ({ e }) => e.communeCode,
      ),
    ).toEqual([]);
    const wards = enterprises.filter(({ e }) => communeByCode(e.communeCode)!.unitType === 'ward').length / N;
    expect(wards).toBeGreaterThan(0.5);
    expect(new Set(enterprises.map(({ e }) => e.communeCode)).size).toBeGreaterThan(HANOI_COMMUNES.length * 0.9);
  });

  it("owners' shares are positive integers summing to 100; ids are sha256 hex", () => {
    const hex = /^[0-9a-f]{64}$/;
    const valid = ({ taxCode, e }: (typeof enterprises)[number]) =>
      e.owners.length > 0 &&
      e.owners.every((o) => Number.isInteger(o.sharePct) && o.sharePct > 0) &&
      e.owners.reduce((sum, o) => sum + o.sharePct, 0) === 100 &&
      hex.test(e.legalRepresentative.personalIdHash) &&
      e.owners.every((o) =>
        e.legalForm === 'branch'
          ? o.personalIdHash === null && o.taxCode === taxCode.slice(0, 10) && o.sharePct === 100
          : o.personalIdHash !== null && hex.test(o.personalIdHash) && o.taxCode === null,
      );
    expect(offenders(enterprises, valid, ({ e }) => JSON.stringify(e.owners))).toEqual([]);
    // A household's tax code is its head's personal id.
    const household = enterprises.find(({ e }) => e.legalForm === 'household')!;
    expect(household.e.legalRepresentative.personalIdHash).toBe(createHash('sha256').update(household.taxCode).digest('hex'));
  });

  it('names carry the legal-form prefix and Vietnamese diacritics (NFC)', () => {
    const prefix: Record<LegalForm, RegExp> = {
      llc: /^Công ty TNHH /,
      jsc: /^Công ty Cổ phần /,
      private: /^Doanh nghiệp tư nhân /,
      household: /^Hộ kinh doanh /,
      branch: /^Chi nhánh (Hà Nội - )?Công ty (TNHH|Cổ phần) /,
      partnership: /^Công ty Hợp danh /,
    };
    const person = /^\p{Lu}\p{Ll}* (\p{Lu}\p{Ll}* ){1,2}\p{Lu}\p{Ll}*$/u;
    const valid = ({ e }: (typeof enterprises)[number]) =>
      prefix[e.legalForm].test(e.name) && e.name === e.name.normalize('NFC') && person.test(e.legalRepresentative.name);
    expect(offenders(enterprises, valid, ({ e }) => `${e.legalForm}: ${e.name} / ${e.legalRepresentative.name}`)).toEqual([]);
    expect(enterprises.filter(({ e }) => /[ăâđêôơư]/i.test(e.name)).length / N).toBeGreaterThan(0.9);
  });

  it('legal forms: llc most common, then jsc, then private and household, a few branches and partnerships', () => {
    const count = (f: LegalForm) => enterprises.filter(({ e }) => e.legalForm === f).length;
    expect(count('llc')).toBeGreaterThan(count('jsc'));
    expect(count('jsc')).toBeGreaterThan(count('private'));
    expect(count('private')).toBeGreaterThan(count('branch'));
    expect(count('household')).toBeGreaterThan(count('branch'));
    expect(count('branch')).toBeGreaterThan(count('partnership'));
    expect(count('partnership')).toBeGreaterThan(0);
  });

  it('foundedOn is a real date in 1995 … as-of; status mostly active; figures are non-negative integers', () => {
    const valid = ({ e }: (typeof enterprises)[number]) =>
      new Date(`${e.foundedOn}T00:00:00Z`).toISOString().slice(0, 10) === e.foundedOn &&
      e.foundedOn >= '1995-01-01' &&
      e.foundedOn <= DEFAULT_AS_OF &&
      [e.employees, e.revenueVnd, e.totalCapitalVnd].every((v) => Number.isSafeInteger(v) && v >= 0);
    expect(offenders(enterprises, valid, ({ e }) => `${e.foundedOn} ${e.employees} ${e.revenueVnd} ${e.totalCapitalVnd}`)).toEqual([]);
    const years = new Set(enterprises.map(({ e }) => e.foundedOn.slice(0, 4)));
    expect(years.has('1995') && years.has('2026')).toBe(true);
    expect(enterprises.filter(({ e }) => e.status === 'active').length / N).toBeGreaterThan(0.9);
  });

  it('Decree 80 size classes come out near micro 70 %, small 22 %, medium 6 %, not-sme 2 %', () => {
    const classes = enterprises.map(({ e }) => sizeOf(e));
    const counts: Record<SizeClass, number> = { micro: 0, small: 0, medium: 0, 'not-sme': 0 };
    for (const cls of classes) counts[cls]++;
    for (const cls of Object.keys(SIZE_CLASS_TARGETS) as SizeClass[]) {
      expect(Math.abs(counts[cls] / N - SIZE_CLASS_TARGETS[cls]), `${cls}: ${counts[cls]}`).toBeLessThan(0.025);
    }
    // Households are micro businesses.
    expect(offenders(enterprises, ({ index, e }) => e.legalForm !== 'household' || classes[index] === 'micro')).toEqual([]);
  });
});

describe('generateEvents', () => {
  const byTaxCode = new Map<string, SyntheticRegistryEvent[]>();
  for (const ev of events) byTaxCode.set(ev.taxCode, [...(byTaxCode.get(ev.taxCode) ?? []), ev]);

  it('yields unique eventIds (reg-2026-000001 …) and one history per enterprise', () => {
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    expect(events[0]!.eventId).toBe('reg-2026-000001');
    expect(byTaxCode.size).toBe(2_000);
    expect(events.length).toBeGreaterThan(2_300);
  });

  it('starts each history with registered, revision 1, then strictly increasing revisions and times (+07:00)', () => {
    const form = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;
    const valid = (history: SyntheticRegistryEvent[]) => {
      const first = history[0]!;
      if (first.type !== 'registered' || first.revision !== 1 || first.enterprise.status !== 'active') return false;
      if (first.occurredAt.slice(0, 10) !== first.enterprise.foundedOn) return false;
      return history.every((ev, k) => {
        const t = Date.parse(ev.occurredAt);
        if (!form.test(ev.occurredAt) || Number.isNaN(t) || ev.occurredAt > `${DEFAULT_AS_OF}T23:59:59+07:00`) return false;
        if (k === 0) return true;
        const prev = history[k - 1]!;
        return ev.revision === prev.revision + 1 && t > Date.parse(prev.occurredAt);
      });
    };
    expect(offenders([...byTaxCode.values()], valid, (h) => h.map((e) => `${e.type}@${e.revision} ${e.occurredAt}`).join(', '))).toEqual(
      [],
    );
    expect([...byTaxCode.values()].some((h) => h.length >= 3)).toBe(true);
  });

  it('includes amended, suspended, resumed and dissolved events with matching statuses', () => {
    const types = new Set(events.map((e) => e.type));
    expect([...types].sort()).toEqual(['amended', 'dissolved', 'registered', 'resumed', 'suspended']);
    const statusOf = {
      registered: 'active',
      amended: 'active',
      resumed: 'active',
      suspended: 'suspended',
      dissolved: 'dissolved',
    } as const;
    expect(
      offenders(
        events,
        (ev) => ev.enterprise.status === statusOf[ev.type],
        (ev) => `${ev.type}: ${ev.enterprise.status}`,
      ),
    ).toEqual([]);
    for (const history of byTaxCode.values()) {
      const dissolved = history.findIndex((e) => e.type === 'dissolved');
      if (dissolved >= 0) expect(dissolved).toBe(history.length - 1);
    }
  });

  it('amendments change the enterprise, keep it valid, and never mutate earlier events', () => {
    const amended = events.filter((ev) => ev.type === 'amended');
    const before = (ev: SyntheticRegistryEvent) => byTaxCode.get(ev.taxCode)!.find((e) => e.revision === ev.revision - 1)!;
    const changed = amended.filter((ev) => JSON.stringify(before(ev).enterprise) !== JSON.stringify(ev.enterprise));
    expect(changed.length / amended.length).toBeGreaterThan(0.9);
    const valid = (ev: SyntheticRegistryEvent) =>
      checkVsic(ev.enterprise.vsic.main, '2018').ok &&
      ev.enterprise.vsic.others.every((o) => checkVsic(o, '2018').ok) &&
      communeByCode(ev.enterprise.communeCode) !== undefined &&
      ev.enterprise.owners.reduce((s, o) => s + o.sharePct, 0) === 100 &&
      ev.enterprise.legalForm === before(ev).enterprise.legalForm &&
      ev.enterprise.employees >= 0;
    expect(offenders(amended, valid, (ev) => JSON.stringify(ev.enterprise))).toEqual([]);
    const first = events[0]!;
    expect(first.enterprise).not.toBe(events.find((e) => e.taxCode === first.taxCode && e.revision === 2)?.enterprise);
  });

  it('latestStates yields the last event of each enterprise', () => {
    const latest = [...latestStates(events)];
    expect(latest).toHaveLength(byTaxCode.size);
    for (const ev of latest) expect(ev).toBe(byTaxCode.get(ev.taxCode)!.at(-1));
  });
});

describe('invalid variants', () => {
  const sample = [...latestStates(events)];
  const ofForm = (form: LegalForm) => sample.find((e) => e.enterprise.legalForm === form)!;
  const inputs = (['llc', 'branch', 'household'] as const).map(ofForm);

  it('badCheckDigit and branchSuffix000 are rejected by parseTaxCode', () => {
    for (const ev of inputs) {
      const bad = invalidVariants.badCheckDigit(ev, mulberry32(1));
      expect(parseTaxCode(bad.taxCode), bad.taxCode).toMatchObject({ ok: false });
      const branch = invalidVariants.branchSuffix000(ev);
      expect(branch.taxCode).toMatch(/^\d{10}-000$/);
      expect(parseTaxCode(branch.taxCode)).toMatchObject({ ok: false, reason: expect.stringContaining('000') });
      expect(branch.enterprise.legalForm).toBe('branch');
    }
    // A branch keeps its form: the parent's check digit is what breaks.
    expect(invalidVariants.badCheckDigit(ofForm('branch'), mulberry32(2)).taxCode).toMatch(/^\d{10}-\d{3}$/);
  });

  it('unknownCommune is not a Hanoi commune; invalidVsicDivision is rejected by checkVsic', () => {
    const ev = inputs[0]!;
    expect(communeByCode(invalidVariants.unknownCommune(ev).enterprise.communeCode)).toBeUndefined();
    for (let seed = 0; seed < 6; seed++) {
      const main = invalidVariants.invalidVsicDivision(ev, mulberry32(seed)).enterprise.vsic.main;
      expect(['0400', '3400']).toContain(main);
      expect(checkVsic(main, '2018')).toMatchObject({ ok: false });
    }
  });

  it('foundedInFuture is after today and after the event; negativeEmployees is negative', () => {
    const ev = inputs[0]!;
    const future = invalidVariants.foundedInFuture(ev, mulberry32(3)).enterprise.foundedOn;
    expect(Date.parse(`${future}T00:00:00+07:00`)).toBeGreaterThan(Date.now());
    expect(Date.parse(`${future}T00:00:00+07:00`)).toBeGreaterThan(Date.parse(ev.occurredAt));
    expect(new Date(`${future}T00:00:00Z`).toISOString().slice(0, 10)).toBe(future);
    expect(invalidVariants.negativeEmployees(ev, mulberry32(4)).enterprise.employees).toBeLessThan(0);
  });

  it('each variant changes one thing and leaves the input untouched', () => {
    const ev = inputs[0]!;
    const snapshot = JSON.stringify(ev);
    for (const variant of INVALID_VARIANTS) {
      const bad = invalidVariants[variant](ev, mulberry32(5));
      expect(JSON.stringify(bad), variant).not.toBe(snapshot);
      expect(bad.eventId).toBe(ev.eventId);
    }
    expect(JSON.stringify(ev)).toBe(snapshot);
    const picked = new Set(Array.from({ length: 200 }, (_, k) => makeInvalid(ev, mulberry32(k)).variant));
    expect(picked.size).toBe(INVALID_VARIANTS.length);
  });
});

describe('CSV and NDJSON', () => {
  it('has the documented header and one field per column in every row', () => {
    expect(CSV_HEADER).toBe(
      'eventId,type,taxCode,revision,occurredAt,name,legalForm,communeCode,vsicVersion,vsicMain,vsicOthers,foundedOn,status,employees,revenueVnd,totalCapitalVnd,legalRepName,legalRepIdHash',
    );
    const text = [CSV_HEADER, ...events.map(toCsvRow)].join('\r\n') + '\r\n';
    const records = parseCsv(text);
    expect(records).toHaveLength(events.length + 1);
    expect(offenders(records, (record) => record.length === CSV_COLUMNS.length)).toEqual([]);
    const rows = records.slice(1);
    const matches = (k: number) => {
      const [record, ev] = [rows[k]!, events[k]!];
      return (
        record[0] === ev.eventId &&
        record[2] === ev.taxCode &&
        record[5] === ev.enterprise.name &&
        record[10] === ev.enterprise.vsic.others.join(';') &&
        Number(record[14]) === ev.enterprise.revenueVnd &&
        record[17] === ev.enterprise.legalRepresentative.personalIdHash
      );
    };
    expect(
      offenders(
        rows.map((_, k) => k),
        matches,
        (k) => rows[k]!.join('|'),
      ),
    ).toEqual([]);
  });

  it('quotes fields with commas, quotes and line breaks, and they round-trip', () => {
    const ev = events[0]!;
    const tricky = 'Công ty TNHH Sản xuất, Thương mại "Sao Việt"\nHà Nội';
    const row = toCsvRow({
      ...ev,
      enterprise: { ...ev.enterprise, name: tricky, legalRepresentative: { name: 'Lê "Tí", Văn', personalIdHash: 'x' } },
    });
    expect(row).toContain('"Công ty TNHH Sản xuất, Thương mại ""Sao Việt""\nHà Nội"');
    const [record] = parseCsv(row);
    expect(record).toHaveLength(CSV_COLUMNS.length);
    expect(record![5]).toBe(tricky);
    expect(record![16]).toBe('Lê "Tí", Văn');
    expect(csvField('plain')).toBe('plain');
    expect(csvField(12)).toBe('12');
    // Generated names with commas occur and survive the round trip.
    const withComma = events.find((e) => e.enterprise.name.includes(','));
    expect(withComma).toBeDefined();
    expect(parseCsv(toCsvRow(withComma!))[0]![5]).toBe(withComma!.enterprise.name);
  });

  it('NDJSON lines are single-line JSON of the whole event', () => {
    for (const ev of events.slice(0, 200)) {
      const line = toNdjsonLine(ev);
      expect(line).not.toContain('\n');
      expect(JSON.parse(line)).toEqual(ev);
    }
  });
});
