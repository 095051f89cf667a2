/**
 * A programme's review panel. Only staff of the owning agency set it. Scoring learns a programme's
 * owner from its applications; before the first one arrives, the caller must state `ownerAgency`,
 * and may only state its own agency — if the programme's applications later show another owner,
 * the panel is discarded (scoring.ts, reconcileOwner). Setting the panel assigns the applications
 * already waiting for reviewers (up to {@link BACKLOG_PER_CALL} per call; the answer says how many
 * are left).
 */
import { assertCan } from '../../../shared/access/policy.ts';
import { ValidationError, type FieldError } from '../../../shared/errors.ts';
import type { Panel } from '../domain/panel.ts';
import { assignReviewers, retryOnConflict } from './scoring.ts';
import type { Actor, ProgrammeRecord, ScoringDeps } from './ports.ts';

export const BACKLOG_PER_CALL = 200;

export interface PanelInput extends Panel {
  ownerAgency?: string | undefined;
}

function panelProblems(p: PanelInput): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  p.reviewers.forEach((r, i) => {
    if (seen.has(r.sub)) errors.push({ path: `body.reviewers.${i}.sub`, message: `${r.sub} is listed twice` });
    seen.add(r.sub);
  });
  if (p.reviewsPerApplication > p.reviewers.length) {
    errors.push({ path: 'body.reviewsPerApplication', message: `is more than the ${p.reviewers.length} reviewers named` });
  }
  return errors;
}

export async function setPanel(deps: ScoringDeps, actor: Actor, programmeId: string, input: PanelInput) {
  const known = await deps.repo.getProgramme(programmeId);
  if (!known && input.ownerAgency === undefined) {
    throw new ValidationError('Scoring has not seen an application of this programme yet: state its owner', {
      errors: [{ path: 'body.ownerAgency', message: 'is required until the programme has a submitted application' }],
    });
  }
  const owner = known?.ownerAgency ?? input.ownerAgency!;
  assertCan(actor, 'panel', 'update', { ownerAgency: owner }, { id: programmeId, label: 'programme' });
  if (input.ownerAgency !== undefined && input.ownerAgency !== owner) {
    throw new ValidationError(`Programme ${programmeId} is owned by ${owner}`, {
      errors: [{ path: 'body.ownerAgency', message: `is not the programme's owner (${owner})` }],
    });
  }
  const problems = panelProblems(input);
  if (problems.length) throw new ValidationError(`${problems.length} field(s) of the panel are invalid`, { errors: problems });

  const at = deps.now().toISOString();
  const panel = { reviewsPerApplication: input.reviewsPerApplication, reviewers: input.reviewers, updatedAt: at, updatedBy: actor.sub };
  const next: ProgrammeRecord = known
    ? { ...known, panel, version: known.version + 1 }
    : { programmeId, ownerAgency: owner, ownerKnownFrom: 'panel-claim', panel, loads: {}, selections: [], version: 1 };
  await deps.repo.commit({ programme: { next, expectedVersion: known?.version ?? null } });

  let assigned = 0;
  const unassignable: { applicationId: string; reason: string }[] = [];
  const backlog = await deps.repo.awaitingReviewers(programmeId, BACKLOG_PER_CALL + 1);
  for (const waiting of backlog.slice(0, BACKLOG_PER_CALL)) {
    await retryOnConflict(async () => {
      const app = await deps.repo.getApplication(waiting);
      const programme = await deps.repo.getProgramme(programmeId);
      if (!app || !programme?.panel || app.status !== 'awaiting-review') return;
      const missing = programme.panel.reviewsPerApplication - app.reviewers.filter((r) => r.reason === 'panel').length;
      const a = await assignReviewers(deps, app, programme, missing, 'panel', at);
      if (a.assignments.length === 0) {
        unassignable.push({
          applicationId: app.applicationId,
          reason: `every remaining reviewer has a conflict of interest (${a.conflicted.join(', ') || 'none'}) or is already assigned`,
        });
        return;
      }
      await deps.repo.commit({
        applications: [{ next: { ...a.app, version: app.version + 1 }, expectedVersion: app.version }],
        programme: { next: { ...a.programme, version: programme.version + 1 }, expectedVersion: programme.version },
        assignments: a.assignments,
      });
      assigned++;
    });
  }
  const after = (await deps.repo.getProgramme(programmeId))!;
  return {
    programmeId,
    ownerAgency: after.ownerAgency,
    ownerKnownFrom: after.ownerKnownFrom,
    reviewsPerApplication: panel.reviewsPerApplication,
    reviewers: panel.reviewers,
    loads: after.loads,
    assigned,
    unassignable,
    backlogLeft: Math.max(0, backlog.length - BACKLOG_PER_CALL),
    version: after.version,
  };
}

export async function getPanel(deps: ScoringDeps, actor: Actor, programmeId: string) {
  const p = await deps.repo.getProgramme(programmeId);
  assertCan(actor, 'panel', 'read', { ownerAgency: p?.ownerAgency }, { id: programmeId, label: 'programme' });
  return {
    programmeId,
    ownerAgency: p!.ownerAgency,
    ownerKnownFrom: p!.ownerKnownFrom,
    reviewsPerApplication: p!.panel?.reviewsPerApplication ?? 0,
    reviewers: p!.panel?.reviewers ?? [],
    loads: p!.loads,
    ...(p!.voidedPanel ? { voidedPanel: p!.voidedPanel } : {}),
    version: p!.version,
  };
}
