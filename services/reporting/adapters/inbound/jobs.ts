/** The report builder (its own queue) and the schedules that ask for periodic reports. */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { loggerFor } from '../../../../shared/observability.ts';
import { buildReport, runSchedule } from '../../app/reports.ts';
import type { ReportBuilderDeps, ReportingDeps } from '../../app/ports.ts';
import { REPORTING } from '../../config.ts';
import { manifest } from '../../manifest.ts';

const logger = loggerFor(REPORTING);
const message = z.object({ reportId: z.string().min(1).max(100) });
const MAX_RECEIVES = manifest.consumers.find((c) => c.name === 'build-reports')!.maxReceiveCount;

export function makeBuildReportHandler(deps: ReportBuilderDeps) {
  const handleRecord = async (record: SQSRecord) => {
    const { reportId } = message.parse(JSON.parse(record.body));
    const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? '1');
    const outcome = await buildReport(deps, reportId, { receiveCount, maxReceiveCount: MAX_RECEIVES });
    logger.info('report job handled', { reportId, outcome });
  };
  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), { context });
}

/** EventBridge Scheduler (and the local scheduler) invoke with `{ schedule: <name> }`. */
export function makeScheduledReportHandler(deps: ReportingDeps) {
  return async (event: { schedule?: string }): Promise<{ reports: string[] }> => {
    const name = z.string().min(1).parse(event.schedule);
    const jobs = await runSchedule(deps, name);
    logger.info('scheduled reports asked for', { schedule: name, reports: jobs.map((j) => j.id) });
    return { reports: jobs.map((j) => j.id) };
  };
}
