/** Driving scoring in tests: programmes with the cnht questions, scored applications, queue checks. */
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { localNames } from '../../shared/manifest.ts';
import { localClients } from './aws.ts';
import { call, eventually } from './http.ts';
import { contact, programmeBody } from './intake.ts';
import { postSigned, registryEvent, type EventOverrides } from './registry.ts';

/** The questions the `cnht` rubric reads, none required (a missing answer is scored as missing). */
export const CNHT_QUESTIONS = [
  {
    id: 'qualitySystem',
    label: 'Quality management system',
    type: 'choice',
    required: false,
    options: ['none', 'ISO 9001', 'IATF 16949', 'ISO 13485', 'other'],
  },
  { id: 'profitMarginPct', label: 'Operating margin', type: 'number', required: false, min: -100, max: 100 },
  { id: 'technologyInvestmentVnd', label: 'Technology investment', type: 'integer', required: false, min: 0 },
  {
    id: 'environmentalStandard',
    label: 'Environment',
    type: 'choice',
    required: false,
    options: ['ISO 14001', 'cleaner-production', 'in-progress', 'none'],
  },
  { id: 'exportSharePct', label: 'Export share', type: 'percent', required: false },
  { id: 'trainedWorkersPct', label: 'Workers trained', type: 'percent', required: false },
  { id: 'producesPriorityCnhtProduct', label: 'Priority CNHT product', type: 'boolean', required: false },
  { id: 'producesKeyIndustrialProduct', label: 'Key industrial product', type: 'boolean', required: false },
];

export async function createProgramme(base: string, token: string, overrides: Record<string, unknown> = {}) {
  const res = await call(base, 'POST', '/programmes', {
    token,
    body: programmeBody({ requiredDocuments: [], questions: CNHT_QUESTIONS, ...overrides }),
  });
  if (res.status !== 201) throw new Error(`programme refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; code: string };
}

/** Register enterprises (one event or a history of revisions) through the signed feed. */
export async function register(base: string, events: ReturnType<typeof registryEvent>[]) {
  const res = await postSigned(base, { events });
  const outcomes = (res.body.results ?? []).map((r: { outcome: string }) => r.outcome);
  if (outcomes.some((o: string) => o !== 'applied')) throw new Error(`registry refused: ${JSON.stringify(res.body)}`);
}

/** Draft (once intake knows the enterprise) and submit an application; returns its id and what intake froze. */
export async function submitted(
  base: string,
  token: string,
  programmeId: string,
  taxCode: string,
  answers: Record<string, unknown>,
  requestedAmountVnd = 100_000_000,
) {
  const draft = await eventually(
    async () => {
      const r = await call(base, 'POST', '/applications', { token, body: { programmeId, taxCode, requestedAmountVnd, answers, contact } });
      if (r.status === 201) return r.body as { id: string };
      if (r.status !== 422) throw new Error(`draft refused: ${r.status} ${JSON.stringify(r.body)}`);
      return undefined;
    },
    60_000,
    250,
  );
  const sub = await call(base, 'POST', `/applications/${draft.id}/submit`, { token });
  if (sub.status !== 200) throw new Error(`submit refused: ${sub.status} ${JSON.stringify(sub.body)}`);
  const app = await call(base, 'GET', `/applications/${draft.id}`, { token });
  return { id: draft.id, snapshotRevision: app.body.snapshot?.revision as number };
}

export async function scoreOf(base: string, token: string, applicationId: string, status: 'scored' | 'pending' = 'scored') {
  return eventually(
    async () => {
      const r = await call(base, 'GET', `/applications/${applicationId}/score`, { token });
      return r.status === 200 && r.body.status === status ? r.body : undefined;
    },
    120_000,
    100,
  );
}

export async function queueUrl(service: string, consumer: string) {
  const { sqs } = localClients();
  return (await sqs.send(new GetQueueUrlCommand({ QueueName: localNames.queue(service, consumer) }))).QueueUrl!;
}

/** Wait until a queue has nothing visible or in flight: every message sent to it was handled. */
export async function drained(service: string, consumer: string) {
  const { sqs } = localClients();
  const url = await queueUrl(service, consumer);
  await eventually(
    async () => {
      const a = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return Number(a.Attributes?.ApproximateNumberOfMessages) + Number(a.Attributes?.ApproximateNumberOfMessagesNotVisible) === 0
        ? true
        : undefined;
    },
    120_000,
    100,
  );
}

export { registryEvent, type EventOverrides };
