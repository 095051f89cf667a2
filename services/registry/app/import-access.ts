/**
 * Imports as the access policy allows them: only the registry-owning agency's admins start, finish
 * or read one ('import'). Starting one is refused with 403 and the reason (there is nothing to
 * hide); another's import is "not found" to whoever may not read imports. Every job records who
 * started it, user and agency, and GET shows it.
 */
import { assertCan, type Actor } from '../../../shared/access/policy.ts';
import { completeUpload, getImport, startImport, type ImportDeps } from './imports.ts';
import type { ImportFormat, UploadedPart } from './ports.ts';

export function startImportAs(deps: ImportDeps, actor: Actor, cmd: { format: ImportFormat; fileName?: string; sizeBytes?: number }) {
  assertCan(actor, 'import', 'create', {});
  return startImport(deps, { ...cmd, by: actor.sub, agency: actor.agency });
}

export function completeUploadAs(deps: ImportDeps, actor: Actor, id: string, parts: UploadedPart[]) {
  assertCan(actor, 'import', 'complete', {}, { id, label: 'import' });
  return completeUpload(deps, id, parts);
}

export function getImportAs(deps: ImportDeps, actor: Actor, id: string) {
  assertCan(actor, 'import', 'read', {}, { id, label: 'import' });
  return getImport(deps, id);
}
