/** Reporting in the templates: its schedules, its queues, and what its functions may touch. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { manifest as reporting } from '../../services/reporting/manifest.ts';
import { queueKey } from '../../infra/stacks/stateful-stack.ts';
import { ServiceFunction } from '../../infra/constructs/service-function.ts';
import { FONT_FILES } from '../../services/reporting/adapters/outbound/render/fonts.ts';
import { handlerPath } from '../../shared/manifest.ts';
import { actionsOf, logicalId, resourceOf, statementsOf, synthesize } from './synth.ts';

const { stateful, stateless, statefulTemplate, statelessTemplate } = synthesize();
const service = stateless.services.get(reporting.name)!;

describe('reporting', () => {
  it.each([
    ['ScheduleWeeklyReport', 'cron(0 7 ? * MON *)'],
    ['ScheduleMonthlyReport', 'cron(0 7 1 * ? *)'],
    ['ScheduleQuarterlyReport', 'cron(0 7 1 1,4,7,10 ? *)'],
    ['ScheduleAnnualReport', 'cron(0 7 1 1 ? *)'],
  ])('%s runs at %s, Hanoi time', (id, expression) => {
    const fn = service.functions.get(id)!;
    statelessTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(fn.fn), 'Arn'] } }),
    });
  });

  it('takes in every event type its counter table maps, with a DLQ, and builds reports from its own queue', () => {
    for (const name of ['events', 'build-reports']) {
      const { queue, dlq } = stateful.queues.get(queueKey(reporting.name, name))!;
      const props = resourceOf(statefulTemplate, queue).Properties;
      expect(props.RedrivePolicy.deadLetterTargetArn, name).toEqual({ 'Fn::GetAtt': [logicalId(dlq), 'Arn'] });
    }
    expect(reporting.consumers.find((c) => c.name === 'events')!.events).toEqual(
      expect.arrayContaining([
        'application.submitted',
        'application.decided',
        'support.granted',
        'enterprise.registered',
        'enterprise.closed',
      ]),
    );
  });

  it('lets a schedule send to the build queue, and writes report files only under reporting/', () => {
    const schedule = statementsOf(statelessTemplate, service.functions.get('ScheduleWeeklyReport')!);
    expect(schedule.flatMap(actionsOf)).toContain('sqs:SendMessage');
    const builder = statementsOf(statelessTemplate, service.functions.get('ConsumerBuildReports')!);
    const puts = builder.filter((s) => actionsOf(s).includes('s3:PutObject'));
    expect(puts.length).toBeGreaterThan(0);
    for (const s of puts) expect(JSON.stringify(s.Resource)).toContain('/reporting/*');
  });
});

describe('the report builder bundle', () => {
  it('carries the PDF font beside the code, where the renderer looks for it, and a source map of our own code alone', () => {
    // Bundled for real (esbuild, as `cdk synth` does): the copy runs after esbuild.
    const app = new App();
    const builder = reporting.consumers.find((c) => c.name === 'build-reports')!;
    new ServiceFunction(new Stack(app, 'Probe'), 'Builder', {
      service: reporting.name,
      entry: handlerPath(reporting, builder.handler),
      description: 'probe',
      bundleFiles: builder.bundleFiles,
    });
    const dir = app.synth().directory;
    const bundles = readdirSync(dir).filter((d) => d.startsWith('asset.') && existsSync(join(dir, d, 'index.mjs')));
    expect(bundles).toHaveLength(1);
    for (const font of FONT_FILES) expect(statSync(join(dir, bundles[0]!, 'fonts', font)).size, font).toBeGreaterThan(100_000);
    // The afterBundling hook trimmed it (infra/source-map.ts): exceljs, pdfkit and the rest are not read at init.
    const { sources } = JSON.parse(readFileSync(join(dir, bundles[0]!, 'index.mjs.map'), 'utf8')) as { sources: string[] };
    expect(sources.filter((s) => s.includes('node_modules/'))).toEqual([]);
    expect(sources.some((s) => s.endsWith('services/reporting/adapters/outbound/render/fonts.ts'))).toBe(true);
  });
});
