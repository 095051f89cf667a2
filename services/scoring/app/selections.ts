/**
 * Selections: rank the programme's scored applications and allocate a budget under the policy
 * (domain/selection.ts), from the highest total down, eligible from the rubric version's pass mark
 * (a selection may raise it, never lower it: 400). A dry run (what-if) writes nothing. Committing
 * first checks the allocation again — every rank decided, the budget and every quota kept, nothing
 * funded below the pass mark — and refuses (422, with the reasons) otherwise; then stores the
 * selection and, in the same transaction, `selection.completed` messages for intake, which decides
 * each funded application (approved, the amount) and each one below the pass mark (rejected) as the
 * officer who committed — through its own rules: the ledger, budget, duplicate support, four eyes
 * and the pass mark. Intake's answers (`selection.applied`) are recorded against the selection,
 * refusals included. Waitlisted applications stay scored and open; a later selection considers them
 * again, never those decided.
 */
import { assertCan } from '../../../shared/access/policy.ts';
import { newEnvelope, type Envelope } from '../../../shared/contracts/envelope.ts';
import { DECISIONS_PER_PART } from '../../../shared/contracts/scoring.ts';
import { NotFoundError, RuleViolationError, ValidationError } from '../../../shared/errors.ts';
import { MAX_TRANSACTION_ITEMS } from '../../../shared/outbox/unit-of-work.ts';
import { passMarkOf } from '../domain/rubric.ts';
import { commitProblems, select, type Candidate, type policySchema, type SelectionOutcome } from '../domain/selection.ts';
import type * as z from 'zod';
import { findRubric } from './rubrics.ts';
import { SCORING_SOURCE } from './scoring.ts';
import type { Actor, ScoringDeps, SelectionList, SelectionRecord } from './ports.ts';

/** Entries per stored chunk of a selection (each chunk is one item, well under 400 KB). */
export const ENTRIES_PER_CHUNK = 400;

function summary(o: SelectionOutcome) {
  return {
    method: o.method,
    exact: o.exact,
    passMark: o.passMark,
    funded: o.funded,
    waitlisted: o.waitlisted,
    notFunded: o.notFunded,
    totalVnd: o.totalVnd,
    budgetVnd: o.budgetVnd,
    ...(o.comparison ? { comparison: o.comparison } : {}),
  };
}

/**
 * The pass mark of the rubric version(s) the candidates were scored by (the highest, should a
 * programme's applications have been scored under versions with different marks), and which.
 */
async function rubricPassMark(deps: ScoringDeps, candidates: readonly Candidate[]) {
  const refs = new Map<string, { id: string; version: number }>();
  for (const c of candidates) {
    // Ranking rows from before the rubric was kept on them: the score record has it.
    const ref = c.rubric ?? (await deps.repo.getApplication(c.applicationId))?.rubric;
    if (ref) refs.set(`${ref.id}#${ref.version}`, ref);
  }
  let highest: { id: string; version: number; passMark: number } | undefined;
  for (const ref of refs.values()) {
    const rubric = await findRubric(deps, ref.id, ref.version);
    if (!rubric) throw new Error(`rubric ${ref.id} v${ref.version} of a scored application is missing`);
    if (!highest || passMarkOf(rubric) > highest.passMark) highest = { ...ref, passMark: passMarkOf(rubric) };
  }
  return highest;
}

export async function runSelection(
  deps: ScoringDeps,
  actor: Actor,
  programmeId: string,
  policy: z.infer<typeof policySchema>,
  dryRun: boolean,
) {
  const programme = await deps.repo.getProgramme(programmeId);
  assertCan(actor, 'selection', 'create', { ownerAgency: programme?.ownerAgency }, { id: programmeId, label: 'programme' });
  const decided = new Set<string>();
  for (const id of programme!.selections) {
    const earlier = await deps.repo.getSelection(id);
    for (const e of earlier?.entries ?? []) if (e.list !== 'waitlisted') decided.add(e.applicationId);
  }
  const candidates = (await deps.repo.candidates(programmeId)).filter((c) => !decided.has(c.applicationId));
  const rubric = await rubricPassMark(deps, candidates);
  if (rubric && policy.passMark !== undefined && policy.passMark < rubric.passMark) {
    throw new ValidationError('A selection may raise the pass mark, never lower it', {
      errors: [
        {
          path: 'body.passMark',
          message: `is below the pass mark of ${rubric.passMark} that rubric ${rubric.id} v${rubric.version} sets`,
        },
      ],
    });
  }
  const t0 = performance.now();
  const outcome = await select(candidates, policy, deps.solver, { rubricPassMark: rubric?.passMark });
  const timing = { candidates: candidates.length, alreadyDecided: decided.size, solveMs: Math.round(performance.now() - t0) };
  if (dryRun) return { dryRun: true as const, programmeId, policy, ...summary(outcome), ...timing };

  // Checked again, exactly, before anything is sent to intake.
  const problems = commitProblems(outcome, policy);
  if (problems.length)
    throw new RuleViolationError(`This selection cannot be committed: ${problems.map((p) => p.message).join('; ')}`.slice(0, 1000), {
      errors: problems,
    });

  const id = deps.newId();
  const at = deps.now().toISOString();
  const decisions = [
    ...outcome.funded.map((e) => ({
      applicationId: e.applicationId,
      outcome: 'approved' as const,
      amountVnd: e.amountVnd,
      reason: `Selection ${id}: ${e.reason}`,
    })),
    ...outcome.notFunded.map((e) => ({
      applicationId: e.applicationId,
      outcome: 'rejected' as const,
      amountVnd: null,
      reason: `Selection ${id}: ${e.reason}`,
    })),
  ];
  const parts = Math.ceil(decisions.length / DECISIONS_PER_PART);
  const events: Envelope[] = [];
  for (let p = 0; p < parts; p++) {
    events.push(
      newEnvelope({
        type: 'selection.completed',
        source: SCORING_SOURCE,
        id: `selection.completed:${id}:${p + 1}`,
        data: {
          selectionId: id,
          programmeId,
          agency: programme!.ownerAgency,
          decidedBy: { sub: actor.sub, agency: actor.agency },
          part: p + 1,
          parts,
          decisions: decisions.slice(p * DECISIONS_PER_PART, (p + 1) * DECISIONS_PER_PART),
        },
      }),
    );
  }
  const list = (l: SelectionList) => (e: SelectionOutcome['funded'][number]) => ({ ...e, list: l });
  const entries = [
    ...outcome.funded.map(list('funded')),
    ...outcome.waitlisted.map(list('waitlisted')),
    ...outcome.notFunded.map(list('notFunded')),
  ];
  const items = 2 + Math.ceil(entries.length / ENTRIES_PER_CHUNK) + events.length;
  if (items > MAX_TRANSACTION_ITEMS) {
    throw new RuleViolationError(
      `This selection is too large to commit in one step (${entries.length} applications); commit it in smaller rounds`,
      {
        errors: [{ path: 'body.budgetVnd', message: 'select over fewer applications at once (e.g. a lower budget or a pass mark)' }],
      },
    );
  }
  const record: SelectionRecord = {
    id,
    programmeId,
    agency: programme!.ownerAgency,
    committedBy: actor.sub,
    committedAt: at,
    policy,
    method: outcome.method,
    passMark: outcome.passMark,
    totalVnd: outcome.totalVnd,
    budgetVnd: outcome.budgetVnd,
    ...(outcome.comparison ? { comparison: outcome.comparison } : {}),
    entries,
    parts,
  };
  await deps.repo.saveSelection(
    record,
    {
      next: { ...programme!, selections: [...programme!.selections, id], version: programme!.version + 1 },
      expectedVersion: programme!.version,
    },
    events,
  );
  return { id, status: 'committed' as const, programmeId, committedAt: at, policy, ...summary(outcome), ...timing, parts };
}

export async function getSelection(deps: ScoringDeps, actor: Actor, id: string) {
  const sel = await deps.repo.getSelection(id);
  if (!sel) throw new NotFoundError(`No selection ${id}`);
  assertCan(actor, 'selection', 'read', { ownerAgency: sel.agency }, { id, label: 'selection' });
  const withDecision = (l: SelectionList) =>
    sel.entries
      .filter((e) => e.list === l)
      .map(({ list: _l, ...e }) => ({
        ...e,
        ...(l === 'waitlisted' ? {} : { decision: sel.decisions.get(e.applicationId) ?? { status: 'pending' } }),
      }));
  const decisions = [...sel.decisions.values()];
  return {
    id: sel.id,
    programmeId: sel.programmeId,
    committedBy: sel.committedBy,
    committedAt: sel.committedAt,
    policy: sel.policy,
    method: sel.method,
    ...(sel.passMark !== undefined ? { passMark: sel.passMark } : {}),
    funded: withDecision('funded'),
    waitlisted: withDecision('waitlisted'),
    notFunded: withDecision('notFunded'),
    totalVnd: sel.totalVnd,
    budgetVnd: sel.budgetVnd,
    ...(sel.merit !== undefined ? { merit: sel.merit } : {}),
    ...(sel.comparison ? { comparison: sel.comparison } : {}),
    decisions: {
      expected: sel.entries.filter((e) => e.list !== 'waitlisted').length,
      applied: decisions.filter((d) => d.status === 'applied').length,
      refused: decisions.filter((d) => d.status === 'refused').length,
    },
  };
}

export async function recordSelectionApplied(
  deps: ScoringDeps,
  event: Envelope<{
    selectionId: string;
    part: number;
    results: { applicationId: string; status: 'applied' | 'refused'; detail?: string | undefined }[];
  }>,
) {
  return deps.repo.recordSelectionResults(event.data.selectionId, event.data.part, event.data.results, event.id);
}
