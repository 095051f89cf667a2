/**
 * How well a supplier fits a sourcing need: a score out of 100 built from factors, each with its
 * points and a plain-language reason, and hard constraints that exclude (a required certificate
 * missing or expiring before the deadline, a tolerance or part size beyond what the supplier can
 * hold). A supplier that covers none of the required processes is not a candidate at all.
 *
 * {@link scorePair} is the one pure function for a (supplier, need) pair; the match index
 * (match-index.ts) ranks thousands of suppliers with the same point functions below, and trade
 * fairs reuse the pair scores to weigh meetings. Points are rounded to one decimal in each factor,
 * and factors are summed in a fixed order, so every path gives the same number to the last bit.
 */
import type { Localized } from '../../../shared/i18n/localized.ts';
import { joinLocalized, type Param, say } from '../../../shared/i18n/messages.ts';
import { parkOf, proximity, type Site } from './places.ts';
import { targetSites, wantedTier, type NeedFacts } from './need.ts';
import {
  isMatchable,
  NO_SCORES,
  siteOf,
  visibleScore,
  type QualityFact,
  type ScoreView,
  type SupplierFacts,
  type Tier,
} from './supplier.ts';
import {
  coveredProcesses,
  programmeLink,
  programmesFor,
  processText,
  QUALITY_SYSTEMS,
  type Certification,
  type Gap,
  type SupportCategory,
} from './taxonomy.ts';

export const FACTORS = ['capability', 'certifications', 'capacity', 'distance', 'tier', 'quality', 'history'] as const;
export type FactorId = (typeof FACTORS)[number];

/** Most points each factor gives; they add up to 100. */
export const MAX_POINTS: Record<FactorId, number> = {
  capability: 35,
  certifications: 15,
  capacity: 15,
  distance: 10,
  tier: 10,
  quality: 10,
  history: 5,
};

export interface Factor {
  factor: FactorId;
  points: number;
  maxPoints: number;
  /** In English, as it has always been said. */
  reason: string;
  /** The reason in Vietnamese and English. */
  reasonText: Localized;
}

export interface Lack {
  /** What is missing, in plain words (English). */
  what: string;
  /** The same in Vietnamese and English. */
  whatText: Localized;
  gap: Gap;
}

/** A factor with its reason in both languages (`reason` being the English). */
const factorOf = (factor: FactorId, points: number, text: Localized): Factor => ({
  factor,
  points,
  maxPoints: MAX_POINTS[factor],
  reason: text.en,
  reasonText: text,
});
const lack = (text: Localized, gap: Gap): Lack => ({ what: text.en, whatText: text, gap });
const processes = (ids: readonly string[]) => joinLocalized(ids.map(processText));

export interface ProgrammeHint {
  category: SupportCategory;
  link: string;
}

export interface PairScore {
  taxCode: string;
  needId: string;
  /** Covers at least one required process and is active: worth listing at all. */
  candidate: boolean;
  /** A candidate that meets every hard constraint: a match. A candidate that does not is a near-miss. */
  eligible: boolean;
  /** Sum of the factors (for a near-miss, what it would score with the gaps closed, certifications at 0). */
  score: number;
  factors: Factor[];
  lacking: Lack[];
  /** Support categories that would close the gaps, with where to find their programmes. */
  programmes: ProgrammeHint[];
  covered: number;
  required: number;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

// ---- point functions: numbers in, points out (shared with the index) ----

export const capabilityPoints = (covered: number, required: number): number => round1((MAX_POINTS.capability * covered) / required);

/** Full points when the need names certificates (they are hard constraints, so a match holds them all), or when the supplier holds a quality system valid at the deadline. */
export const certificationPoints = (requiredCount: number, holdsQualitySystem: boolean): number =>
  requiredCount > 0 || holdsQualitySystem ? MAX_POINTS.certifications : 5;

export function capacityPoints(volume: number | undefined, capacity: number | undefined): number {
  if (volume === undefined) return MAX_POINTS.capacity;
  if (capacity === undefined) return 5;
  return round1(MAX_POINTS.capacity * Math.min(1, capacity / volume));
}

export function tierPoints(wanted: Tier, has: Tier | undefined): number {
  if (has === undefined) return 4;
  if (has === wanted) return 10;
  if (has < wanted) return 8; // supplies higher up the chain already
  return has === wanted + 1 ? 6 : 2;
}

export const qualityPoints = (ratio: number | undefined): number =>
  ratio === undefined ? 5 : round1(MAX_POINTS.quality * Math.min(1, Math.max(0, ratio)));

export function historyPoints(contracted: number, declined: number): number {
  const n = contracted + declined;
  return n === 0 ? 2.5 : round1((MAX_POINTS.history * contracted) / n);
}

/** Sum in FACTORS order, rounded: the one way a total is formed. */
export function total(points: readonly number[]): number {
  let s = 0;
  for (const p of points) s += p;
  return round1(s);
}

/** {@link total} of the seven factors in FACTORS order, without an array (the index's hot path); the same additions in the same order. */
export const total7 = (a: number, b: number, c: number, d: number, e: number, f: number, g: number): number =>
  round1(0 + a + b + c + d + e + f + g);

// ---- hard constraints ----

export interface CertificateCheck {
  ok: boolean;
  lacking: Lack[];
  /** For reasons: each required certificate and until when it is valid. */
  held: { standard: Certification; validUntil: string }[];
}

export function checkCertificates(
  s: Pick<SupplierFacts, 'certifications'>,
  required: readonly Certification[],
  deadline: string,
): CertificateCheck {
  const lacking: Lack[] = [];
  const held: CertificateCheck['held'] = [];
  for (const standard of required) {
    let best: string | undefined;
    for (const c of s.certifications) if (c.standard === standard && (best === undefined || c.validUntil > best)) best = c.validUntil;
    const gap = { kind: 'certification', standard } as const;
    if (best === undefined) lacking.push(lack(say('match.noCert', { standard }), gap));
    else if (best < deadline)
      lacking.push(lack(say('match.certExpires', { standard, until: { date: best }, deadline: { date: deadline } }), gap));
    else held.push({ standard, validUntil: best });
  }
  return { ok: lacking.length === 0, lacking, held };
}

export const holdsQualitySystemAt = (s: Pick<SupplierFacts, 'certifications'>, deadline: string): boolean =>
  s.certifications.some((c) => QUALITY_SYSTEMS.includes(c.standard) && c.validUntil >= deadline);

export function checkPhysical(
  s: Pick<SupplierFacts, 'toleranceMm' | 'maxPartSizeMm'>,
  n: Pick<NeedFacts, 'toleranceMm' | 'partSizeMm'>,
): Lack[] {
  const lacking: Lack[] = [];
  if (n.toleranceMm !== undefined && s.toleranceMm !== undefined && s.toleranceMm > n.toleranceMm) {
    lacking.push(lack(say('match.tolerance', { has: s.toleranceMm, wants: n.toleranceMm }), { kind: 'tolerance' }));
  }
  if (n.partSizeMm !== undefined && s.maxPartSizeMm !== undefined && s.maxPartSizeMm < n.partSizeMm) {
    lacking.push(lack(say('match.partSize', { has: s.maxPartSizeMm, wants: n.partSizeMm }), { kind: 'part-size' }));
  }
  return lacking;
}

export function programmeHints(lacking: readonly Lack[]): ProgrammeHint[] {
  const categories = new Set<SupportCategory>();
  for (const l of lacking) for (const c of programmesFor(l.gap)) categories.add(c);
  return [...categories].map((category) => ({ category, link: programmeLink(category) }));
}

// ---- distance ----

/** Best proximity over the need's places; none stated and no buyer site: full points. */
export function distanceFactor(site: Site, targets: readonly Site[]): { points: number; reasonText: Localized } {
  if (targets.length === 0) return { points: 10, reasonText: say('match.distanceNone') };
  let best = proximity(site, targets[0]!);
  for (let i = 1; i < targets.length && best.points < 10; i++) {
    const p = proximity(site, targets[i]!);
    if (p.points > best.points) best = p;
  }
  return { points: best.points, reasonText: say('match.distanceProxy', { reason: best.reasonText }) };
}

export const parkCommune = (park: string): string | undefined => parkOf(park)?.communeCode;

// ---- the pair ----

/**
 * The quality factor as a caller sees it. A score is another agency's, and it tells that the
 * enterprise applied: a caller who may not read it gets the neutral points and the same words
 * whether or not a score exists, so neither the reason nor the points (nor so the ranking) let it
 * be inferred. One who reads every score is told plainly when there is none.
 */
export function qualityFactor(scores: readonly QualityFact[], view: ScoreView): Factor {
  const q = visibleScore(scores, view);
  if (q) {
    const params = { points: q.totalPoints, max: q.maxPoints, rubric: q.rubric, date: { date: q.scoredAt } };
    return factorOf('quality', qualityPoints(q.ratio), say(view.all ? 'match.qualityScored' : 'match.qualityScoredVisible', params));
  }
  return factorOf('quality', qualityPoints(undefined), view.all ? say('match.qualityNone') : QUALITY_NOT_AVAILABLE_TEXT);
}

/** The quality factor's reason for a caller who may see no score of the supplier (whether one exists or not), in both languages. */
export const QUALITY_NOT_AVAILABLE_TEXT = say('match.qualityHidden');
/** The same in English. */
export const QUALITY_NOT_AVAILABLE = QUALITY_NOT_AVAILABLE_TEXT.en;

/**
 * Score one supplier against one need, with every factor's points and reason. `scores` is what the
 * caller may see of the supplier's scoring results (none unless said).
 */
export function scorePair(s: SupplierFacts, n: NeedFacts, scores: ScoreView = NO_SCORES): PairScore {
  const required = n.processes.length;
  const covers = coveredProcesses(s.processes);
  const have = n.processes.filter((p) => covers.has(p));
  const base = { taxCode: s.taxCode, needId: n.id, covered: have.length, required };
  if (have.length === 0 || !isMatchable(s)) {
    return { ...base, candidate: false, eligible: false, score: 0, factors: [], lacking: [], programmes: [] };
  }
  const missing = n.processes.filter((p) => !covers.has(p));
  const certs = checkCertificates(s, n.certifications, n.deadline);
  const lacking = [...certs.lacking, ...checkPhysical(s, n)];
  const eligible = lacking.length === 0;

  const capability = factorOf(
    'capability',
    capabilityPoints(have.length, required),
    missing.length === 0
      ? say('match.capabilityAll', { have: processes(have) })
      : say('match.capabilitySome', { count: have.length, required, have: processes(have), missing: processes(missing) }),
  );

  const qs = holdsQualitySystemAt(s, n.deadline);
  const deadline = { date: n.deadline };
  const held = (): Param =>
    joinLocalized(certs.held.map((h) => say('match.certHeld', { standard: h.standard, until: { date: h.validUntil } })));
  const certifications = factorOf(
    'certifications',
    certs.ok ? certificationPoints(n.certifications.length, qs) : 0,
    !certs.ok
      ? say('match.certsNotMet', {
          lacking: joinLocalized(
            certs.lacking.map((l) => l.whatText),
            '; ',
          ),
        })
      : n.certifications.length > 0
        ? say('match.certsHeld', { deadline, held: held() })
        : say(qs ? 'match.certsNoneQs' : 'match.certsNoneNoQs', { deadline }),
  );

  const capPts = capacityPoints(n.volumePerMonth, s.monthlyCapacity);
  const volume = n.volumePerMonth;
  const capacity = factorOf(
    'capacity',
    capPts,
    volume === undefined
      ? say('match.volumeNone')
      : s.monthlyCapacity === undefined
        ? say('match.capacityUnknown', { volume })
        : s.monthlyCapacity >= volume
          ? say('match.capacityEnough', { capacity: s.monthlyCapacity, volume })
          : say('match.capacityShort', { capacity: s.monthlyCapacity, volume, pct: Math.round((100 * s.monthlyCapacity) / volume) }),
  );

  const dist = distanceFactor(siteOf(s), targetSites(n, parkCommune));
  const distance = factorOf('distance', dist.points, dist.reasonText);

  const want = wantedTier(n);
  const tier = factorOf(
    'tier',
    tierPoints(want, s.tier),
    s.tier === undefined
      ? say('match.tierUnknown', { want })
      : s.tier === want
        ? say('match.tierSame', { want })
        : s.tier < want
          ? say('match.tierHigher', { has: s.tier, want })
          : say(s.tier > want + 1 ? 'match.tierSteps' : 'match.tierStep', { has: s.tier, want }),
  );

  const quality = qualityFactor(s.scores, scores);

  const { contracted, declined } = s.outcomes;
  const history = factorOf(
    'history',
    historyPoints(contracted, declined),
    contracted + declined === 0 ? say('match.historyNone') : say('match.history', { contracted, declined }),
  );

  const factors = [capability, certifications, capacity, distance, tier, quality, history];
  return {
    ...base,
    candidate: true,
    eligible,
    score: total(factors.map((f) => f.points)),
    factors,
    lacking,
    programmes: programmeHints(lacking),
  };
}

/** Best first; ties by enterprise code, so every path ranks alike. */
export const byScore = (a: { score: number; taxCode: string }, b: { score: number; taxCode: string }): number =>
  b.score - a.score || (a.taxCode < b.taxCode ? -1 : a.taxCode > b.taxCode ? 1 : 0);
