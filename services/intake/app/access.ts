/**
 * Who may do what, where the answer depends on data (the JWT's roles are checked by the route):
 * only the owning agency changes a programme and decides its applications; applications are taken
 * in by the owning agency's officers or by the commune committee of the enterprise's commune,
 * which sees nothing outside its commune.
 */
import { ForbiddenError, NotFoundError } from '../../../shared/errors.ts';
import type { Application } from '../domain/application.ts';
import type { Programme } from '../domain/programme.ts';
import type { Actor } from './ports.ts';

export function assertOwns(actor: Actor, programme: Pick<Programme, 'ownerAgency' | 'code'>, doing: string): void {
  if (actor.agency !== programme.ownerAgency) {
    throw new ForbiddenError(`Only ${programme.ownerAgency} may ${doing} programme ${programme.code}; you are ${actor.agency}`);
  }
}

/** A commune committee sees only its commune's applications: others are "not found" to it. */
export function assertSees(actor: Actor, app: Pick<Application, 'id' | 'communeCode'>): void {
  if (actor.commune && actor.commune !== app.communeCode) throw new NotFoundError(`No application ${app.id}`);
}

/** Take in (create, add documents, submit, withdraw): the owning agency, or the enterprise's commune committee. */
export function assertTakesIn(actor: Actor, programme: Pick<Programme, 'ownerAgency' | 'code'>, communeCode: string): void {
  if (actor.commune ? actor.commune === communeCode : actor.agency === programme.ownerAgency) return;
  throw new ForbiddenError(
    actor.commune
      ? `This account takes in applications for commune ${actor.commune} only`
      : `Applications to ${programme.code} are taken in by ${programme.ownerAgency} or the enterprise's commune committee; you are ${actor.agency}`,
  );
}
