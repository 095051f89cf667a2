/** The registry's `enterprise-links` function over Lambda Invoke: the adapter of ./enterprise-links.ts's port. */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { invokeInternal } from '../aws/lambda-client.ts';
import * as z from 'zod';
import { once, parseEnv, required } from '../config.ts';
import { enterpriseLinksResponse } from '../contracts/enterprise-links.ts';
import { envNames } from '../manifest.ts';
import type { EnterpriseLinks } from './enterprise-links.ts';

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
    return (await invokeInternal(this.lambda, this.functionName(), { sub }, enterpriseLinksResponse, 'enterprise-links')).enterprises;
  }
}
