/**
 * What intake does with other services' events: scores move submitted applications on, and
 * registry changes keep intake's copy of each enterprise current — flagging its open applications
 * when it is suspended or dissolved. Scores commit once per message id; registry copies and flags
 * are idempotent by revision.
 */
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import type { EnterpriseSnapshot } from '../../../shared/contracts/enterprise.ts';
import { PoisonMessageError } from '../../../shared/messaging/consumer.ts';
import { evolve, MAX_NOTIFICATION_RECORDS, type RegistryFlag } from '../domain/application.ts';
import type { IntakeDeps, RecordOutcome } from './ports.ts';

export interface ScoredData {
  applicationId: string;
  rubric: { id: string; version: number };
  totalPoints: number;
  maxPoints: number;
  passMark?: number | undefined;
  scoredAt: string;
  /** Scored again after a supplement answered with changes. */
  rescored?: boolean | undefined;
}

/**
 * A score moves a submitted application on. Around a request for supplement (queues are unordered):
 * a score that arrives while the applicant is asked is kept (the file returns to `scored` if the
 * answer changes nothing); a first score of answers since changed by a supplement is stale (its
 * re-score follows) and ignored; a re-score (`rescored`) replaces an older score.
 */
export async function recordScore(deps: IntakeDeps, event: Envelope<ScoredData>): Promise<'scored' | 'ignored' | 'duplicate'> {
  const d = event.data;
  const app = await deps.repo.getApplication(d.applicationId);
  if (!app) throw new PoisonMessageError(`application.scored ${event.id} names no known application ${d.applicationId}`);
  const newer = !app.score || app.score.scoredAt < d.scoredAt;
  const answered = app.supplement?.answer?.changed ? app.supplement.answeredAt : undefined;
  const staleFirstScore = !d.rescored && answered !== undefined && d.scoredAt < answered;
  const takes =
    (app.status === 'submitted' && !staleFirstScore) ||
    (app.status === 'awaiting-supplement' && newer && !staleFirstScore) ||
    (app.status === 'scored' && d.rescored === true && newer);
  if (!takes) return 'ignored'; // withdrawn or decided meanwhile, a resend after scoring, or a stale score
  const programme = await deps.repo.getProgramme(app.programmeId);
  if (!programme?.rubric || programme.rubric.id !== d.rubric.id) {
    throw new PoisonMessageError(
      `application.scored ${event.id} uses rubric ${d.rubric.id}; programme ${app.programmeCode} uses ${programme?.rubric?.id ?? 'none'}`,
    );
  }
  const at = deps.now().toISOString();
  const score = {
    rubric: d.rubric,
    totalPoints: d.totalPoints,
    maxPoints: d.maxPoints,
    ...(d.passMark !== undefined ? { passMark: d.passMark } : {}),
    scoredAt: d.scoredAt,
  };
  const waiting = app.status === 'awaiting-supplement' && app.supplement;
  const to = waiting ? 'awaiting-supplement' : 'scored';
  const next = evolve(
    app,
    { status: to, score, ...(waiting ? { supplement: { ...waiting, previousStatus: 'scored' as const } } : {}) },
    {
      at,
      by: `system:${event.source}`,
      action: 'scored',
      from: app.status,
      to,
      detail: `${d.rescored ? 'scored again after the supplement: ' : ''}${d.totalPoints} / ${d.maxPoints} points (rubric ${d.rubric.id} v${d.rubric.version}${d.passMark !== undefined ? `, pass mark ${d.passMark}` : ''})`,
    },
  );
  const result = await deps.repo.saveApplication(next, app.version, { messageId: event.id });
  return result === 'duplicate' ? 'duplicate' : 'scored';
}

const FLAG_FOR: Record<string, RegistryFlag['kind'] | undefined> = { suspended: 'enterprise-suspended', dissolved: 'enterprise-dissolved' };

export async function recordEnterprise(
  deps: IntakeDeps,
  event: Envelope<EnterpriseSnapshot>,
): Promise<{ outcome: RecordOutcome; flagged: number }> {
  const e = event.data;
  // Flags first: each is keyed by the revision, so a retry after a crash adds nothing twice, and
  // the newer revision is only stored (below) once every open application carries its flag.
  let flagged = 0;
  const kind = FLAG_FOR[e.status];
  const known = kind ? await deps.repo.getEnterprise(e.taxCode) : undefined;
  // A late, older revision changes nothing (the stored one is newer).
  if (kind && (!known || known.revision < e.revision)) {
    for (const app of await deps.repo.openApplicationsOf(e.taxCode)) {
      if (app.flags.some((f) => 'revision' in f && f.revision === e.revision)) continue;
      const at = deps.now().toISOString();
      const detail = `the registry reports the enterprise ${e.status} (revision ${e.revision}, ${e.occurredAt})`;
      const next = evolve(
        app,
        { flags: [...app.flags, { kind, revision: e.revision, at, detail }] },
        { at, by: `system:${event.source}`, action: 'flagged', detail },
      );
      await deps.repo.saveApplication(next, app.version);
      flagged++;
    }
  }
  const outcome = await deps.repo.recordEnterprise({
    taxCode: e.taxCode,
    name: e.name,
    legalForm: e.legalForm,
    communeCode: e.communeCode,
    status: e.status,
    foundedOn: e.foundedOn,
    vsic: e.vsic,
    employees: e.employees,
    revenueVnd: e.revenueVnd,
    totalCapitalVnd: e.totalCapitalVnd,
    sizeClass: e.sizeClass,
    // Person refs of the legal representative and owners: related-party flags compare them.
    ...(e.people ? { people: e.people } : {}),
    revision: e.revision,
    updatedAt: e.occurredAt,
  });
  return { outcome, flagged };
}

export interface NotificationFailedData {
  sourceEventId: string;
  kind: string;
  to: string;
  applicationId?: string | undefined;
  failure: 'rejected' | 'exhausted';
  reason: string;
  failedAt: string;
}

/**
 * A message to the enterprise about one of its files could not be delivered: kept on the file
 * (the latest {@link MAX_NOTIFICATION_RECORDS}), once per message id. It changes nothing of the
 * workflow, so it has no timeline entry; a message about no application is not intake's.
 */
export async function recordNotificationFailure(
  deps: IntakeDeps,
  event: Envelope<NotificationFailedData>,
): Promise<'recorded' | 'ignored' | 'duplicate'> {
  const d = event.data;
  if (!d.applicationId) return 'ignored';
  const app = await deps.repo.getApplication(d.applicationId);
  if (!app) throw new PoisonMessageError(`notification.failed ${event.id} names no known application ${d.applicationId}`);
  const record = { kind: d.kind, to: d.to, status: 'failed' as const, at: d.failedAt, failure: d.failure, reason: d.reason };
  const next = {
    ...app,
    notifications: [...(app.notifications ?? []), record].slice(-MAX_NOTIFICATION_RECORDS),
    version: app.version + 1,
    updatedAt: deps.now().toISOString(),
  };
  return (await deps.repo.saveApplication(next, app.version, { messageId: event.id })) === 'duplicate' ? 'duplicate' : 'recorded';
}
