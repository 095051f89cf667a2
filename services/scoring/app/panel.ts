/**
 * A programme's review panel. Only staff of the owning agency set it, and scoring knows the owner
 * from intake alone (app/programmes.ts: programme.changed, or the programme's applications): a
 * programme scoring has not been told of is a 404 to everyone, so no agency can claim another's
 * programme. Setting the panel assigns the applications already waiting for reviewers (up to
 * {@link BACKLOG_PER_CALL} per call; the answer says how many are left) and records the reviewers'
 * declared interests, so that a registry change linking one of them to an applicant is rechecked.
 * The panel's answer lists, for its officers only, the applications no one can review and the
 * conflicts of interest found after assignment, with their reasons.
 */
import { assertCan } from '../../../shared/access/policy.ts';
import { ValidationError, type FieldError } from '../../../shared/errors.ts';
import type { Panel } from '../domain/panel.ts';
import { fillPanelPlaces, retryOnConflict } from './scoring.ts';
import { ownerConfirmed, type Actor, type ProgrammeRecord, type ScoringDeps } from './ports.ts';

export const BACKLOG_PER_CALL = 200;
/** Unassignable applications and late conflicts listed in the panel's answer, at most, each. */
export const ISSUES_LISTED = 200;

export type PanelInput = Panel;

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

/** What the policy decides a panel by: its programme's owner, as intake announced it (none: unknown to everyone). */
const panelFacts = (p: ProgrammeRecord | undefined) => ({ ownerAgency: ownerConfirmed(p) ? p.ownerAgency : undefined });

export async function setPanel(deps: ScoringDeps, actor: Actor, programmeId: string, input: PanelInput) {
  const known = await deps.repo.getProgramme(programmeId);
  assertCan(actor, 'panel', 'update', panelFacts(known), { id: programmeId, label: 'programme' });
  const problems = panelProblems(input);
  if (problems.length) throw new ValidationError(`${problems.length} field(s) of the panel are invalid`, { errors: problems });

  const at = deps.now().toISOString();
  const panel = { reviewsPerApplication: input.reviewsPerApplication, reviewers: input.reviewers, updatedAt: at, updatedBy: actor.sub };
  // First, so a registry change linking a reviewer to an applicant is rechecked from now on (rewriting them is harmless).
  await deps.repo.watchInterests(programmeId, input.reviewers);
  await retryOnConflict(async () => {
    const current = (await deps.repo.getProgramme(programmeId))!;
    await deps.repo.commit({ programme: { next: { ...current, panel, version: current.version + 1 }, expectedVersion: current.version } });
  });

  let assigned = 0;
  const unassignable: { applicationId: string; reason: string }[] = [];
  const backlog = await deps.repo.awaitingReviewers(programmeId, BACKLOG_PER_CALL + 1);
  for (const waiting of backlog.slice(0, BACKLOG_PER_CALL)) {
    await retryOnConflict(async () => {
      const app = await deps.repo.getApplication(waiting);
      const programme = await deps.repo.getProgramme(programmeId);
      if (!app || !programme?.panel || app.status !== 'awaiting-review') return;
      const a = await fillPanelPlaces(deps, { ...app, version: app.version + 1 }, programme, at);
      if (a.app.unassignable) unassignable.push({ applicationId: app.applicationId, reason: a.app.unassignable.reason });
      if (a.assignments.length === 0 && a.app.unassignable?.reason === app.unassignable?.reason) return;
      await deps.repo.commit({
        applications: [{ next: a.app, expectedVersion: app.version }],
        ...(a.assignments.length
          ? { programme: { next: { ...a.programme, version: programme.version + 1 }, expectedVersion: programme.version } }
          : {}),
        assignments: a.assignments,
      });
      if (a.assignments.length) assigned++;
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
  assertCan(actor, 'panel', 'read', panelFacts(p), { id: programmeId, label: 'programme' });
  const issues = await deps.repo.panelIssues(programmeId, ISSUES_LISTED);
  return {
    programmeId,
    ownerAgency: p!.ownerAgency,
    ownerKnownFrom: p!.ownerKnownFrom,
    reviewsPerApplication: p!.panel?.reviewsPerApplication ?? 0,
    reviewers: p!.panel?.reviewers ?? [],
    loads: p!.loads,
    ...(p!.voidedPanel ? { voidedPanel: p!.voidedPanel } : {}),
    // For the panel's officers only (panel.read): the reasons may name a person link between enterprises.
    unassignable: issues.unassignable,
    conflicts: issues.conflicts,
    version: p!.version,
  };
}
