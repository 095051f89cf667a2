/**
 * CloudFormation takes at most 500 resources in a stack, nested stacks each counted on their own.
 * Every stack the real services (no test fixtures) deploy must stay well under it, so that a
 * service can grow without its next route failing the deployment.
 *
 * The bar is 400, not 500: a route costs 6 resources in its service's stack (function, role,
 * policy, route, integration, invoke permission) plus its errors alarm, 7 in all, so 100 resources
 * are about fourteen more routes — one feature's worth, the size of the trade-fair routes — after a
 * stack first crosses the bar. That is the warning to split the service's stack further (by
 * resource group, the same nested-stack pattern) while there is still room to deploy.
 * The counts are printed on every run (`npx vitest run test/infra/stack-size.test.ts`) and the last
 * measured ones are in docs/design-notes.md.
 */
import { describe, expect, it } from 'vitest';
import { services } from '../../services/index.ts';
import { stackTemplates, synthesize } from './synth.ts';

/** CloudFormation's hard limit. */
const CLOUDFORMATION_LIMIT = 500;
/** What each stack must stay under: 100 resources of headroom (see the module comment). */
const HEADROOM_BAR = 400;

const { app, stateless } = synthesize(services);
const counts = [...stackTemplates(app)].map(([path, template]) => ({
  path,
  resources: Object.keys(template.toJSON().Resources).length,
}));

describe('the deployed stacks', () => {
  it('are the stateful stack, the stateless stack, and one nested stack per service', () => {
    expect(counts.map((c) => c.path).sort()).toEqual(
      [
        'SmeSupport-test-Stateful',
        'SmeSupport-test-Stateless',
        ...services.map((m) => stateless.serviceStacks.get(m.name)!.node.path),
      ].sort(),
    );
  });

  it(`each stay under ${HEADROOM_BAR} resources, well within CloudFormation's ${CLOUDFORMATION_LIMIT}`, () => {
    console.info(['resources per stack:', ...counts.map((c) => `  ${String(c.resources).padStart(4)}  ${c.path}`)].join('\n'));
    for (const { path, resources } of counts) {
      expect(resources, path).toBeGreaterThan(0);
      expect(resources, `${path}: ${resources} resources, over CloudFormation's limit`).toBeLessThanOrEqual(CLOUDFORMATION_LIMIT);
      expect(resources, `${path}: ${resources} resources, past the headroom bar: split it`).toBeLessThanOrEqual(HEADROOM_BAR);
    }
  });

  it("put each service's routes in its own stack, none in the parent", () => {
    const templates = stackTemplates(app);
    const routeKeys = (path: string) =>
      Object.values(templates.get(path)!.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey as string);
    expect(routeKeys(stateless.node.path)).toEqual([]);
    for (const m of services) {
      expect(routeKeys(stateless.serviceStacks.get(m.name)!.node.path).sort(), m.name).toEqual(
        m.routes.map((r) => `${r.method} ${r.path}`).sort(),
      );
    }
  });

  it('give every function of a service one shared log group', () => {
    for (const construct of stateless.services.values()) {
      const groups = new Set([...construct.functions.values()].map((f) => f.logGroup));
      expect(groups.size, construct.node.id).toBe(1);
    }
  });
});
