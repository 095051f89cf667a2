/**
 * The registry's person refs, by invoking its `person-refs` internal function (Lambda Invoke,
 * request/response; locally the runtime's Invoke API): ≤ 1,000 hashes a call, refs in order.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { MAX_PERSON_REF_HASHES, personRefsResponse } from '../../../../shared/contracts/person-refs.ts';
import type { PersonRefs } from '../../app/ports.ts';

export class LambdaPersonRefs implements PersonRefs {
  constructor(
    private readonly lambda: LambdaClient,
    /** Read on first use: only the functions that invoke it are given its name. */
    private readonly functionName: () => string,
  ) {}

  async refsOf(hashes: readonly string[]): Promise<string[]> {
    const refs: string[] = [];
    for (let i = 0; i < hashes.length; i += MAX_PERSON_REF_HASHES) {
      const out = await this.lambda.send(
        new InvokeCommand({
          FunctionName: this.functionName(),
          Payload: new TextEncoder().encode(JSON.stringify({ hashes: hashes.slice(i, i + MAX_PERSON_REF_HASHES) })),
        }),
      );
      // The function's own error: its message names fields, never hashes.
      if (out.FunctionError) throw new Error(`person-refs failed: ${out.FunctionError}`);
      const parsed = personRefsResponse.parse(JSON.parse(new TextDecoder().decode(out.Payload)));
      refs.push(...parsed.refs);
    }
    if (refs.length !== hashes.length) throw new Error(`person-refs returned ${refs.length} refs for ${hashes.length} hashes`);
    return refs;
  }
}
