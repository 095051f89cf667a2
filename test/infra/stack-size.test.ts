/**
 * CloudFormation takes at most 500 resources in a stack. The real services (no test fixtures) must
 * synthesise within it, with the validation that refuses a larger template left on.
 */
import { describe, expect, it } from 'vitest';
import { services } from '../../services/index.ts';
import { synthesize } from './synth.ts';

const LIMIT = 500;

describe('the deployed stacks', () => {
  it('stay within CloudFormation’s 500 resources each', () => {
    const { statefulTemplate, statelessTemplate } = synthesize(services);
    const stateful = Object.keys(statefulTemplate.toJSON().Resources).length;
    const stateless = Object.keys(statelessTemplate.toJSON().Resources).length;
    expect(stateful).toBeLessThanOrEqual(LIMIT);
    expect(stateless).toBeLessThanOrEqual(LIMIT);
  });

  it('give every function of a service one shared log group', () => {
    const { stateless } = synthesize(services);
    for (const construct of stateless.services.values()) {
      const groups = new Set([...construct.functions.values()].map((f) => f.logGroup));
      expect(groups.size, construct.node.id).toBe(1);
    }
  });
});
