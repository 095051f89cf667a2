/**
 * The accounts of the people acting for an enterprise, from the registry's `enterprise-accounts`
 * internal function (Lambda Invoke, request/response; locally the runtime's Invoke API): the
 * verified e-mails they signed in with when they linked to it, asked per message so a revoked
 * delegation hears nothing more. The registry keeps links; notifications keeps no copy.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { invokeInternal } from '../../../../shared/aws/lambda-client.ts';
import { enterpriseAccountsResponse } from '../../../../shared/contracts/enterprise-links.ts';
import type { AccountDirectory } from '../../app/ports.ts';
import type { KnownAddress } from '../../domain/recipients.ts';

export class LambdaAccountDirectory implements AccountDirectory {
  constructor(
    private readonly lambda: LambdaClient,
    /** Read on first use. */
    private readonly functionName: () => string,
  ) {}

  async accountsOf(taxCode: string): Promise<KnownAddress[]> {
    return (await invokeInternal(this.lambda, this.functionName(), { taxCode }, enterpriseAccountsResponse, 'enterprise-accounts'))
      .accounts;
  }
}
