/** A year of synthetic domain events for the reporting benchmark and the sample report. */
import '../../shared/contracts/index.ts';
import { newEnvelope, type Envelope } from '../../shared/contracts/envelope.ts';
import { HANOI_COMMUNES } from '../../shared/reference/hanoi-communes.ts';
import { defaultContents } from '../../shared/reference/support-contents.ts';

/** mulberry32: a small seeded generator, so every run loads the same events. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AGENCIES = ['so-cong-thuong', 'so-khcn', 'so-tai-chinh', 'so-nong-nghiep', 'so-lao-dong', 'ubnd-xa'];
const CATEGORIES = [
  'supporting-industry',
  'digital-transformation',
  'worker-training',
  'ceo-training',
  'trade-promotion',
  'technology-innovation',
];
const VSICS = ['2592', '1410', '6201', '4610', '1079', '2651', '4100', '0111', '5610', '7020', '2220', '2910', '4933', '8559'];
const TARGETS_BY_CATEGORY: Record<string, string[]> = {
  'supporting-industry': ['direct-capacity-support', 'cnht-connection'],
  'digital-transformation': ['direct-capacity-support'],
  'worker-training': ['workers-trained'],
  'ceo-training': ['ceos-trained'],
  'trade-promotion': ['indirect-support'],
  'technology-innovation': ['direct-capacity-support', 'productivity-quality'],
};

const LATER_STEPS = ['contacted', 'met', 'sample', 'trial-order', 'contracted', 'declined'] as const;
const HEADS: Record<string, 'workersTrained' | 'ceosTrained'> = { 'worker-training': 'workersTrained', 'ceo-training': 'ceosTrained' };

/**
 * A year's mix of events as the city would see them: registrations dominate (38 % new
 * enterprises, a tenth of them household conversions), then applications submitted (23 %), a few
 * withdrawn (1 %), decided (20 %), grants (10 %, to 60,000 distinct SMEs, so many get two; training
 * grants with head counts), closures (3 %), supporting-industry matches proposed and moved along
 * the funnel (4.5 %) and fair schedule runs (0.5 %, 20 enterprises each). Skewed toward central
 * wards and manufacturing, as the real registry is.
 */
export function* generate(count: number, seed: number): Generator<Envelope> {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const skew = <T>(xs: readonly T[]) => xs[Math.floor(r() * r() * xs.length)]!;
  // An enterprise's commune and sector are its own: derived from its number, whatever the event.
  const smeFacts = (n: number) => ({
    commune: HANOI_COMMUNES[Math.floor((((n * 2654435761) % 1000) ** 2 / 1e6) * HANOI_COMMUNES.length)]!.code,
    vsic: VSICS[(n * 40503) % VSICS.length]!,
  });
  for (let i = 0; i < count; i++) {
    const day = 1 + Math.floor((i / count) * 333);
    const date = new Date(Date.UTC(2026, 0, day)).toISOString().slice(0, 10);
    const at = `${date}T0${Math.floor(r() * 9)}:00:00Z`;
    const commune = skew(HANOI_COMMUNES).code;
    const vsic = skew(VSICS);
    const agency = pick(AGENCIES);
    const category = pick(CATEGORIES);
    const programmeId = `prog-${agency}-${category}`;
    const id = `bench-${seed}-${i}`;
    const sme = Math.floor(r() * 60_000);
    const facts = smeFacts(sme);
    const x = r();
    if (x < 0.38) {
      yield newEnvelope({
        id,
        type: 'enterprise.registered',
        source: 'registry',
        data: {
          taxCode: String(3_000_000_000 + i),
          revision: 1,
          name: 'Công ty TNHH Thử nghiệm',
          legalForm: 'llc',
          communeCode: commune,
          vsic: { version: '2018', main: vsic, others: [] },
          status: 'active',
          foundedOn: date,
          employees: 5,
          revenueVnd: 1,
          totalCapitalVnd: 1,
          sizeClass: { class: pick(['micro', 'micro', 'small', 'medium', 'not-sme'] as const), sectorGroup: 'trade-services' },
          cause: r() < 0.1 ? 'converted-from-household' : 'registered',
          changed: [],
          occurredAt: at,
        },
      });
    } else if (x < 0.61) {
      yield newEnvelope({
        id,
        type: 'application.submitted',
        source: 'intake',
        data: {
          applicationId: id,
          programmeId,
          programmeCode: programmeId.toUpperCase(),
          agency,
          category,
          taxCode: String(1_000_000_000 + sme),
          communeCode: facts.commune,
          rubric: null,
          answers: {},
          requestedAmountVnd: 100_000_000,
          submittedAt: at,
          dueOn: new Date(Date.UTC(2026, 0, day + 20)).toISOString().slice(0, 10),
          enterprise: { revision: 1, sizeClass: 'small', vsicMain: facts.vsic, employees: 20, revenueVnd: 1 },
        },
      });
    } else if (x < 0.62) {
      yield newEnvelope({
        id,
        type: 'application.withdrawn',
        source: 'intake',
        data: {
          applicationId: id,
          programmeId,
          agency,
          category,
          taxCode: String(1_000_000_000 + sme),
          communeCode: facts.commune,
          previousStatus: 'submitted',
          submittedAt: at,
          dueOn: new Date(Date.UTC(2026, 0, day + 20)).toISOString().slice(0, 10),
          withdrawnAt: at,
        },
      });
    } else if (x < 0.82) {
      yield newEnvelope({
        id,
        type: 'application.decided',
        source: 'intake',
        data: {
          applicationId: id,
          programmeId,
          agency,
          category,
          taxCode: String(1_000_000_000 + sme),
          communeCode: facts.commune,
          outcome: r() < 0.7 ? 'approved' : 'rejected',
          amountVnd: 50_000_000,
          reason: null,
          decidedAt: at,
          dueOn: new Date(Date.UTC(2026, 0, Math.max(1, day - 5))).toISOString().slice(0, 10),
          onTime: r() < 0.9,
          // Received about three weeks before it was decided.
          submittedAt: new Date(Date.UTC(2026, 0, Math.max(1, day - 20), 2)).toISOString(),
        },
      });
    } else if (x < 0.92) {
      yield newEnvelope({
        id,
        type: 'support.granted',
        source: 'intake',
        data: {
          grantId: id,
          applicationId: id,
          programmeId,
          programmeCode: programmeId.toUpperCase(),
          agency,
          category,
          taxCode: String(1_000_000_000 + sme),
          communeCode: facts.commune,
          vsicMain: facts.vsic,
          amountVnd: 50_000_000,
          year: 2026,
          grantedOn: date,
          targets: TARGETS_BY_CATEGORY[category]!,
          contents: defaultContents(category),
          // A training grant's cohort: up to 40 workers, or one to three CEOs.
          ...(HEADS[category] ? { [HEADS[category]]: 1 + Math.floor(r() * (category === 'ceo-training' ? 3 : 40)) } : {}),
        },
      });
    } else if (x < 0.95) {
      yield newEnvelope({
        id,
        type: 'enterprise.closed',
        source: 'registry',
        data: {
          taxCode: String(3_000_000_000 + i),
          revision: 3,
          name: 'Công ty TNHH Thử nghiệm',
          legalForm: 'llc',
          communeCode: commune,
          vsic: { version: '2018', main: vsic, others: [] },
          status: 'dissolved',
          employees: 0,
          revenueVnd: 0,
          totalCapitalVnd: 0,
          sizeClass: { class: 'micro', sectorGroup: 'trade-services' },
          cause: 'dissolved',
          changed: ['status'],
          occurredAt: at,
        },
      });
    } else if (x < 0.995) {
      const needId = `need-${Math.floor(r() * 2_000)}`;
      const match = {
        matchId: `${needId}_${1_000_000_000 + sme}`,
        needId,
        buyerId: `buyer-${Math.floor(r() * 300)}`,
        buyerKind: 'fdi' as const,
        taxCode: String(1_000_000_000 + sme),
        agency: 'so-cong-thuong',
        communeCode: facts.commune,
        vsicMain: facts.vsic,
        sizeClass: 'small',
      };
      if (x < 0.97) {
        yield newEnvelope({
          id,
          type: 'match.proposed',
          source: 'matching',
          data: { ...match, score: Math.round(r() * 100), proposedAt: at, proposedBy: 'bench' },
        });
      } else {
        const step = pick(LATER_STEPS);
        yield newEnvelope({
          id,
          type: 'match.progressed',
          source: 'matching',
          data: {
            ...match,
            step,
            previousStep: 'proposed',
            reason: step === 'declined' ? 'price' : null,
            at,
            by: 'bench',
            targets: step === 'contracted' ? ['cnht-direct-suppliers'] : [],
          },
        });
      }
    } else {
      const enterprises = Array.from({ length: 20 }, () => {
        const n = Math.floor(r() * 60_000);
        const f = smeFacts(n);
        return {
          taxCode: String(1_000_000_000 + n),
          role: r() < 0.5 ? ('buyer' as const) : ('exhibitor' as const),
          communeCode: f.commune,
          vsicMain: f.vsic,
          sizeClass: 'small',
          added: 1 + Math.floor(r() * 5),
          removed: r() < 0.2 ? 1 : 0,
        };
      });
      const added = enterprises.reduce((n, e) => n + e.added, 0);
      const removed = enterprises.reduce((n, e) => n + e.removed, 0);
      yield newEnvelope({
        id,
        type: 'fair.scheduled',
        source: 'matching',
        data: {
          fairId: `fair-${day}`,
          runId: id,
          mode: removed ? 'top-up' : 'initial',
          agency: 'so-cong-thuong',
          heldOn: date,
          completedAt: at,
          meetings: added - removed,
          meetingsAdded: added,
          meetingsRemoved: removed,
          enterprises,
        },
      });
    }
  }
}
