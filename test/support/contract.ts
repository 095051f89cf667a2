/**
 * The served contract as a check on every answer the tests get. Each response of the runtime is
 * held against the OpenAPI document it serves at `GET /openapi.json` (the one clients are generated
 * from): its status must be declared for that route and method, its content type among those
 * declared for that status, and its body must match the declared schema (problem+json for errors).
 * Schemas are checked with Ajv's JSON Schema 2020-12 validator, the dialect of OpenAPI 3.1.
 *
 * A violation throws from the call that got it, naming the route, the status and what broke, and is
 * also recorded, so that the test fails (test/support/contract-setup.ts) even when the call was
 * made inside `eventually` or another retry that swallows errors.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import * as formats from 'ajv-formats';

interface MediaType {
  schema?: unknown;
}
interface Operation {
  responses: Record<string, { content?: Record<string, MediaType> }>;
}
export interface Document {
  paths: Record<string, Record<string, Operation>>;
}

export interface Contract {
  /** What is wrong with this answer, or nothing. */
  check(method: string, path: string, status: number, contentType: string | null, body: unknown): string | undefined;
}

export class ContractViolationError extends Error {
  override name = 'ContractViolationError';
}

const addFormats = (formats as unknown as { default: (ajv: Ajv2020) => void }).default;

/** JSON pointer segment, as it goes into a URI fragment. */
const pointer = (...segments: string[]) => segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

/** The checks of one OpenAPI 3.1 document. */
export function compileContract(doc: Document): Contract {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc as object, 'openapi.json');
  const validators = new Map<string, ValidateFunction>();
  const validatorAt = (ref: string) => {
    let v = validators.get(ref);
    if (!v) validators.set(ref, (v = ajv.compile({ $ref: `openapi.json#/${ref}` })));
    return v;
  };
  // Literal segments outrank parameters: `/reviews/mine` before `/reviews/{id}`.
  const templates = Object.keys(doc.paths)
    .map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
    }))
    .sort((a, b) => b.literals - a.literals);

  return {
    check(method, path, status, contentType, body) {
      const template = templates.find((t) => t.pattern.test(path))?.template;
      const op = template ? doc.paths[template]?.[method.toLowerCase()] : undefined;
      // Not a route of the contract: the gateway's own 404/405, or a test fixture's route.
      if (!template || !op) return undefined;
      const route = `${method.toUpperCase()} ${template}`;
      const declared = op.responses[String(status)];
      if (!declared)
        return `${route} answered ${status}, which the contract does not declare (it declares ${Object.keys(op.responses).join(', ')})`;
      if (!declared.content) return undefined;
      const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
      const media = declared.content[type];
      if (!media) {
        return `${route} answered ${status} as ${type || 'no content type'}; the contract declares ${Object.keys(declared.content).join(' or ')}`;
      }
      if (media.schema === undefined || !/json$/.test(type)) return undefined;
      const validate = validatorAt(
        pointer('paths', template, method.toLowerCase(), 'responses', String(status), 'content', type, 'schema'),
      );
      if (validate(body)) return undefined;
      const why = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}`.trim());
      return `${route} answered ${status} with a body (${type}) that does not match the contract's schema: ${why.join('; ')}`;
    },
  };
}

const contracts = new Map<string, Promise<Contract>>();

/** The contract a runtime serves, fetched once per runtime. */
function contractOf(base: string): Promise<Contract> {
  let contract = contracts.get(base);
  if (!contract) {
    contract = (async () => {
      const res = await fetch(`${base}/openapi.json`);
      if (res.status !== 200) throw new Error(`GET ${base}/openapi.json answered ${res.status}`);
      return compileContract((await res.json()) as Document);
    })();
    contracts.set(base, contract);
    contract.catch(() => contracts.delete(base));
  }
  return contract;
}

const violations: string[] = [];

/** The violations recorded since the last call, for the test that made them. */
export function takeViolations(): string[] {
  return violations.splice(0);
}

/**
 * Hold one answer of the runtime at `base` against the contract it serves; throws
 * ContractViolationError (and records it) when the answer breaks it.
 */
export async function checkAnswer(
  base: string,
  request: { method: string; path: string },
  answer: { status: number; headers: Headers; body: unknown },
): Promise<void> {
  const path = new URL(request.path, 'http://x').pathname;
  const problem = (await contractOf(base)).check(request.method, path, answer.status, answer.headers.get('content-type'), answer.body);
  if (!problem) return;
  const message = `contract violated: ${problem} (${request.method.toUpperCase()} ${request.path})`;
  violations.push(message);
  throw new ContractViolationError(message);
}
