/**
 * Whom an enterprise user acts for, by invoking the registry's `enterprise-links` internal function
 * (Lambda Invoke, request/response; locally the runtime's Invoke API).
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { enterpriseLinksResponse } from '../../../../shared/contracts/enterprise-links.ts';
import type { EnterpriseLinks } from '../../app/ports.ts';

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
