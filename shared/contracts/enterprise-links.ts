/**
 * The registry's `enterprise-links` internal function (services/registry manifest `functions`):
 * other services hand it a person's `sub` (an enterprise user, role `enterprise`) and get back the
 * tax codes of the enterprises that person acts for now — verified, unrevoked links. The registry
 * alone keeps links (it alone turns the asserted citizen-id hash into a person ref), so a service
 * asks it on each enterprise user's request rather than keeping a copy a revocation would leave
 * stale. Not an event: a synchronous Lambda invocation.
 */
import * as z from 'zod';
import { TAX_CODE_SHAPE } from '../reference/registration.ts';

/** An enterprise user's `sub` as paths and requests take it. */
export const subSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._@:|-]+$/, 'letters, digits and . _ @ : | - only');

export const enterpriseLinksRequest = z.strictObject({ sub: subSchema });

export const enterpriseLinksResponse = z.strictObject({
  enterprises: z.array(z.string().regex(TAX_CODE_SHAPE)).max(50),
});

export type EnterpriseLinksRequest = z.infer<typeof enterpriseLinksRequest>;
export type EnterpriseLinksResponse = z.infer<typeof enterpriseLinksResponse>;

/** The internal function's reference, as a manifest's `invokes` names it. */
export const ENTERPRISE_LINKS_FUNCTION = 'registry/enterprise-links';

/** What a route open to enterprise users declares: it asks the registry whom the caller acts for. */
export const ONLINE_ROUTE = { invokes: [ENTERPRISE_LINKS_FUNCTION] } as const;
