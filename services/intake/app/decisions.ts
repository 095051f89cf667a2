/**
 * Deciding an application. Approval writes the support ledger and commits the programme's budget
 * in the same transaction as the decision and its events; it is refused when the application's
 * score is below its rubric's pass mark (every path to approval — an officer's decision or a
 * committed selection — holds it), when the enterprise already holds one of the programme's
 * support contents over an intersecting period from any agency (unless the officer records the
 * enterprise chose this more favourable level: `mostFavourable`), when it would pass the budget,
 * or when the enterprise is no longer active. Related-party support is flagged on the
 * application, never refused (app/ledger.ts).
 */
import { newEnvelope, type Envelope } from '../../../shared/contracts/envelope.ts';
import { RuleViolationError } from '../../../shared/errors.ts';
import { assertTransition, assertVersion, evolve, mailFields, type Flag } from '../domain/application.ts';
import { hanoiDay } from '../../../shared/time/hanoi.ts';
import type { MostFavourable, Period } from '../domain/ledger.ts';
import { remainingBudget } from '../domain/programme.ts';
import { MAX_RELATED_FLAGS, mergeFlags } from '../domain/related-parties.ts';
import { assertFourEyes, assertMayApplication } from './access.ts';
import { INTAKE_SOURCE, visibleApplication } from './applications.ts';
import { approvalWrites, relatedPartyRecords } from './ledger.ts';
import { getProgramme } from './programmes.ts';
import type { Actor, ApprovalWrites, IntakeDeps } from './ports.ts';

export type DecisionInput =
  | {
      outcome: 'approved';
      amountVnd: number;
      reason?: string | undefined;
      /** Head counts of a training grant (reporting counts them toward the trainee targets). */
      workersTrained?: number | undefined;
      ceosTrained?: number | undefined;
      /** The period supported (default: the Hanoi year of the approval). */
      period?: Period | undefined;
      /** The enterprise chose this more favourable level over an earlier grant of the same content (Law 04/2017 Art. 5). */
      mostFavourable?: MostFavourable | undefined;
    }
  | { outcome: 'rejected'; reason: string };

export async function decide(deps: IntakeDeps, actor: Actor, id: string, input: DecisionInput, expectedVersion: number | undefined) {
  const app = await visibleApplication(deps, actor, id);
  assertMayApplication(actor, app, 'decide');
  const programme = await getProgramme(deps, app.programmeId);
  assertFourEyes(actor, app, programme, input);
  assertVersion(app, expectedVersion);
  assertTransition(app, input.outcome, programme);

  const now = deps.now();
  const at = now.toISOString();
  const today = hanoiDay(now);
  const onTime = app.dueOn !== undefined && today <= app.dueOn;
  const amountVnd = input.outcome === 'approved' ? input.amountVnd : null;
  const reason = input.reason ?? null;
  const events: Envelope[] = [
    newEnvelope({
      type: 'application.decided',
      source: INTAKE_SOURCE,
      data: {
        applicationId: app.id,
        programmeId: programme.id,
        programmeCode: programme.code,
        agency: programme.ownerAgency,
        category: programme.category,
        taxCode: app.taxCode,
        communeCode: app.communeCode,
        outcome: input.outcome,
        amountVnd,
        reason,
        decidedAt: at,
        dueOn: app.dueOn ?? today,
        onTime,
        submittedAt: app.submittedAt ?? at,
        ...mailFields(app.contact),
      },
    }),
  ];
  let approval: ApprovalWrites | undefined;
  let flags: Flag[] = app.flags;

  if (input.outcome === 'approved') {
    const score = app.score;
    if (programme.rubric && score?.passMark !== undefined && score.totalPoints < score.passMark) {
      throw new RuleViolationError(
        `Application ${app.id} cannot be approved: it scored ${score.totalPoints} points, below the pass mark of ${score.passMark} (rubric ${score.rubric.id} v${score.rubric.version})`,
        {
          errors: [{ path: 'score.totalPoints', message: `${score.totalPoints} is below the pass mark of ${score.passMark}` }],
          extensions: { totalPoints: score.totalPoints, passMark: score.passMark, rubric: score.rubric },
        },
      );
    }
    const problems: { path: string; message: string }[] = [];
    if (input.amountVnd > app.requestedAmountVnd)
      problems.push({ path: 'body.amountVnd', message: `is above the ${app.requestedAmountVnd} VND requested` });
    if (input.amountVnd > remainingBudget(programme)) {
      problems.push({ path: 'body.amountVnd', message: `is above the programme's remaining budget of ${remainingBudget(programme)} VND` });
    }
    const enterprise = await deps.repo.getEnterprise(app.taxCode);
    if (enterprise && enterprise.status !== 'active') {
      problems.push({ path: 'enterprise.status', message: `the enterprise is ${enterprise.status} in the registry since it applied` });
    }
    if (problems.length) throw new RuleViolationError(`Application ${app.id} cannot be approved`, { errors: problems });

    const ledger = await approvalWrites(deps, actor, app, programme, enterprise, input, now);
    const { grant } = ledger;
    flags = mergeFlags(app.flags, ledger.flags);
    // As many rows as the application keeps flags: the approval stays one transaction of ≤ 100 items.
    approval = { ...ledger.approval, relatedParties: relatedPartyRecords(app, grant, ledger.flags.slice(0, MAX_RELATED_FLAGS)) };
    events.push(
      newEnvelope({
        type: 'support.granted',
        source: INTAKE_SOURCE,
        data: {
          grantId: grant.grantId,
          applicationId: app.id,
          programmeId: programme.id,
          programmeCode: programme.code,
          agency: programme.ownerAgency,
          category: programme.category,
          taxCode: app.taxCode,
          communeCode: app.communeCode,
          vsicMain: app.snapshot?.vsic.main ?? '',
          amountVnd: input.amountVnd,
          year: grant.year,
          grantedOn: grant.grantedOn,
          targets: programme.annualTargets.map((t) => t.target),
          contents: grant.contents,
          period: grant.period,
          ...(input.workersTrained !== undefined ? { workersTrained: input.workersTrained } : {}),
          ...(input.ceosTrained !== undefined ? { ceosTrained: input.ceosTrained } : {}),
        },
      }),
    );
  }

  const next = evolve(
    app,
    { status: input.outcome, decision: { outcome: input.outcome, amountVnd, reason, by: actor.sub, at, onTime }, flags },
    { at, by: actor.sub, action: input.outcome, from: app.status, to: input.outcome, ...(reason ? { detail: reason } : {}) },
  );
  await deps.repo.saveApplication(next, app.version, { events, ...(approval ? { approval } : {}) });
  return next;
}
