/**
 * Whom an enterprise user acts for, as every service serving enterprise users asks it: the
 * registry's `enterprise-links` internal function (shared/contracts/enterprise-links.ts), invoked
 * per request (Lambda Invoke, request/response; locally the runtime's Invoke API), never a copy — so
 * a revoked delegation takes effect at once. Routes that use it declare `invokes:
 * [ENTERPRISE_LINKS_FUNCTION]`, which names the function to them alone and grants the invoke.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import * as z from 'zod';
import type { Actor } from '../access/policy.ts';
import { once, parseEnv, required } from '../config.ts';
import { enterpriseLinksResponse } from '../contracts/enterprise-links.ts';
import { isEnterpriseUser, type Principal } from '../http/auth.ts';
import { envNames } from '../manifest.ts';

/** Whom an enterprise user acts for now: the registry's answer, never a copy. */
export interface EnterpriseLinks {
  enterprisesOf(sub: string): Promise<string[]>;
}

/**
 * The actor of a request: an enterprise user with the enterprises the registry says they act for
 * now (verified, unrevoked links), asked on every request; a staff account as its token says.
 */
export async function actorOf(links: EnterpriseLinks, principal: Principal): Promise<Actor> {
  return isEnterpriseUser(principal) ? { ...principal, enterprises: await links.enterprisesOf(principal.sub) } : principal;
}

/**
 * The registry's enterprise-links function, named only to the functions whose spec `invokes` it:
 * read when they first need it, so the others start without it.
 */
export const enterpriseLinksFunction = once(() => {
  const name = envNames.internalFunction('registry', 'enterprise-links');
  return (parseEnv(z.object({ [name]: required() })) as Record<string, string>)[name]!;
});

export class LambdaEnterpriseLinks implements EnterpriseLinks {
  constructor(
    private readonly lambda: LambdaClient,
    /** Read on first use: only the functions that invoke it are given its name. */
    private readonly functionName: () => string,
  ) {}

  async enterprisesOf(sub: string): Promise<string[]> {
    const out = await this.lambda.send(
      new InvokeCommand({ FunctionName: this.functionName(), Payload: new TextEncoder().encode(JSON.stringify({ sub })) }),
    );
    if (out.FunctionError) throw new Error(`enterprise-links failed: ${out.FunctionError}`);
    return enterpriseLinksResponse.parse(JSON.parse(new TextDecoder().decode(out.Payload))).enterprises;
  }
}
