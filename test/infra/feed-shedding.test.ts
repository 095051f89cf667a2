/**
 * The registry feed sheds load in AWS (docs/design-notes.md, "The registry feed sheds load"): its
 * function has the reserved concurrency its route names, and the stage throttles the route with a
 * burst of that concurrency, so API Gateway answers 429 before Lambda would throttle.
 */
import { describe, expect, it } from 'vitest';
import { routes } from '../../services/registry/routes.ts';
import { resourceOf, synthesize } from './synth.ts';

const { stateless, statelessTemplate } = synthesize();
const shedding = routes.postEvents.shedding;

describe('the registry feed under overload', () => {
  it('runs with the reserved concurrency its route names', () => {
    const fn = stateless.services.get('registry')!.functions.get('PostRegistryEvents')!;
    expect(resourceOf(statelessTemplate, fn.fn).Properties.ReservedConcurrentExecutions).toBe(shedding.concurrency);
  });

  it('is throttled by the stage at a burst of that concurrency, and no other route is', () => {
    const stages = Object.values(statelessTemplate.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stages).toHaveLength(1);
    expect(stages[0]!.Properties.RouteSettings).toEqual({
      'POST /registry/events': { ThrottlingBurstLimit: shedding.concurrency, ThrottlingRateLimit: shedding.rateLimit },
    });
  });

  it('leaves every other function without reserved concurrency', () => {
    const reserved = Object.entries(statelessTemplate.findResources('AWS::Lambda::Function')).filter(
      ([, r]) => r.Properties.ReservedConcurrentExecutions !== undefined,
    );
    expect(reserved).toHaveLength(1);
  });
});
