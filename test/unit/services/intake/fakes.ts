/**
 * In-memory fakes of intake's ports (services/intake/app/ports.ts). They keep the rules the
 * DynamoDB and S3 adapters enforce, so the use cases can be tested without the network:
 *
 * - every write of one repository call is all-or-nothing, like the adapter's single transaction;
 * - saveApplication: a processed message id wins ('duplicate', nothing written), else a stored
 *   version other than expectedVersion is a ConflictError; an approval writes the grant, moves
 *   each (enterprise, content, year) slot counter on from the value it was read at (ConflictError
 *   if another approval moved it), records a supersession on the earlier grant if that is still at
 *   its version and not cancelled, writes the related-party rows and adds to the programme's
 *   committed amount (ConflictError if it would pass the budget);
 * - saveGrant: the stored grant must be at expectedVersion; a budget release must not take the
 *   programme's committed amount below 0;
 * - recordEnterprise also keeps the person → enterprise links; enterprisesSharing checks each link
 *   against the enterprise's current people, as the adapter does;
 * - programmes and grants are read made current (programmeWithDefaults, grantWithDefaults);
 * - events are checked against their contract when queued, as UnitOfWork.publish does;
 * - recordEnterprise keeps only a higher revision ('stale' otherwise, a redelivery included);
 * - createProgramme refuses a code already used; replaceProgramme needs the same version and
 *   committed amount; a programme.changed event passed with either marks that version announced,
 *   and announceProgramme announces a version once;
 * - settleDocument writes only over a document still 'awaiting-upload'.
 *
 * Stored values are copied in and out (structuredClone), so a use case cannot change stored state
 * except through the port.
 */
import { createHash } from 'node:crypto';
import '../../../../shared/contracts/index.ts';
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { assertMatchesContract } from '../../../../shared/contracts/registry.ts';
import { ConflictError } from '../../../../shared/errors.ts';
import type { Page } from '../../../../shared/http/pagination.ts';
import {
  slotId,
  type AdjustmentWrites,
  type ApplicationQuery,
  type ApprovalWrites,
  type SlotClaim,
  type DocumentStore,
  type EnterpriseRecord,
  type IntakeRepository,
  type PageRequest,
  type RecordOutcome,
  type StoredObject,
  type UploadTarget,
} from '../../../../services/intake/app/ports.ts';
import { OPEN_STATUSES, type Application, type ApplicationDocument } from '../../../../services/intake/domain/application.ts';
import { grantWithDefaults, type Grant } from '../../../../services/intake/domain/ledger.ts';
import { programmeWithDefaults, type Category, type Programme } from '../../../../services/intake/domain/programme.ts';
import type { Person, RelatedPartyRecord } from '../../../../services/intake/domain/related-parties.ts';

const clone = <T>(v: T): T => structuredClone(v);

/** Offset pagination over an already ordered list (the cursor is opaque to callers). */
function pageOf<T>(all: readonly T[], q: PageRequest): Page<T> {
  const start = q.cursor ? Number(Buffer.from(q.cursor, 'base64url').toString('utf8')) : 0;
  const items = all.slice(start, start + q.limit).map(clone);
  const end = start + items.length;
  return { items, nextCursor: end < all.length ? Buffer.from(String(end), 'utf8').toString('base64url') : null };
}

type Faulty = 'recordEnterprise' | 'settleDocument' | 'saveApplication' | 'saveGrant';

export class FakeIntakeRepository implements IntakeRepository {
  readonly programmes = new Map<string, Programme>();
  /** Programme code → id (the PROGCODE claim). */
  readonly codes = new Map<string, string>();
  readonly enterprises = new Map<string, EnterpriseRecord>();
  readonly applications = new Map<string, Application>();
  /** `<applicationId>/<documentId>` → document. */
  readonly documents = new Map<string, ApplicationDocument>();
  readonly grants: Grant[] = [];
  /** `<taxCode>#<contentId>#<year>` → the slot's counter. */
  readonly slots = new Map<string, number>();
  /** Person ref → enterprises linked to it (the PERSON# items). */
  readonly personLinks = new Map<string, Set<string>>();
  /** Sở Tài chính's related-party rows. */
  readonly relatedParties: RelatedPartyRecord[] = [];
  /** Message ids whose effects were committed (the INBOX# markers). */
  readonly processed = new Set<string>();
  /** Events committed to the outbox, in order. */
  readonly outbox: Envelope[] = [];
  /** Programme id → the version its last programme.changed announced (absent: stored before the event existed). */
  readonly announced = new Map<string, number>();

  private readonly faults = new Map<Faulty, Error>();
  private interleaved: (() => Promise<void>) | undefined;

  /** Make the next call of `method` fail with `error` before it writes anything (a crash, a timeout). */
  failOnce(method: Faulty, error = new Error(`${method} failed (injected)`)): this {
    this.faults.set(method, error);
    return this;
  }

  /**
   * Run `fn` at the start of the next saveApplication, before its conditions are checked: what a
   * concurrent request committing in between read and write looks like.
   */
  interleave(fn: () => Promise<void>): this {
    this.interleaved = fn;
    return this;
  }

  private async enter(method: Faulty): Promise<void> {
    const fault = this.faults.get(method);
    if (fault) {
      this.faults.delete(method);
      throw fault;
    }
  }

  /** Seed intake's copy of an enterprise (as if recorded from the registry feed). */
  putEnterprise(e: EnterpriseRecord): this {
    this.enterprises.set(e.taxCode, clone(e));
    return this;
  }

  /** Seed a document in any state. */
  putDocument(doc: ApplicationDocument): this {
    this.documents.set(`${doc.applicationId}/${doc.documentId}`, clone(doc));
    return this;
  }

  /** Take the outbox's events of one type out (as the relay would once it sent them), oldest first. */
  takeEvents(type: string): Envelope[] {
    const taken = this.outbox.filter((e) => e.type === type);
    this.outbox.splice(0, this.outbox.length, ...this.outbox.filter((e) => e.type !== type));
    return taken;
  }

  private queue(events: readonly Envelope[]): void {
    for (const e of events) assertMatchesContract(e);
    if (events.some((e) => this.outbox.some((o) => o.id === e.id)))
      throw new ConflictError('an event with this id is already in the outbox');
  }

  private markAnnounced(p: Programme, events: readonly Envelope[]): void {
    if (events.some((e) => e.type === 'programme.changed')) this.announced.set(p.id, p.version);
  }

  async createProgramme(p: Programme, events: readonly Envelope[] = []): Promise<void> {
    if (this.codes.has(p.code)) throw new ConflictError(`A programme with code ${p.code} already exists`);
    if (this.programmes.has(p.id)) throw new ConflictError('The record was changed by another request; reload and retry');
    this.queue(events);
    this.codes.set(p.code, p.id);
    this.programmes.set(p.id, clone(p));
    this.markAnnounced(p, events);
    this.outbox.push(...events.map(clone));
  }

  async unannouncedProgrammes(limit: number): Promise<Programme[]> {
    return [...this.programmes.values()]
      .filter((p) => this.announced.get(p.id) !== p.version)
      .sort((a, b) => a.code.localeCompare(b.code))
      .slice(0, limit)
      .map(clone);
  }

  async announceProgramme(p: Programme, event: Envelope): Promise<'announced' | 'changed'> {
    const current = this.programmes.get(p.id);
    if (!current || current.version !== p.version || this.announced.get(p.id) === p.version) return 'changed';
    if (this.outbox.some((o) => o.id === event.id)) return 'changed';
    this.queue([event]);
    this.announced.set(p.id, p.version);
    this.outbox.push(clone(event));
    return 'announced';
  }

  async replaceProgramme(next: Programme, expectedVersion: number, events: readonly Envelope[] = []): Promise<void> {
    const current = this.programmes.get(next.id);
    if (!current) throw new ConflictError(`Programme ${next.id} no longer exists`);
    if (current.version !== expectedVersion || current.committedVnd !== next.committedVnd) {
      throw new ConflictError(`Programme ${next.id} was changed meanwhile (expected version ${expectedVersion}); reload it and retry`);
    }
    if (current.code !== next.code) {
      if (this.codes.has(next.code)) throw new ConflictError(`A programme with code ${next.code} already exists`);
      this.codes.delete(current.code);
      this.codes.set(next.code, next.id);
    }
    this.queue(events);
    this.programmes.set(next.id, clone(next));
    this.markAnnounced(next, events);
    this.outbox.push(...events.map(clone));
  }

  async getProgramme(id: string): Promise<Programme | undefined> {
    const p = this.programmes.get(id);
    return p && programmeWithDefaults(clone(p));
  }

  async hasApplications(programmeId: string): Promise<boolean> {
    return [...this.applications.values()].some((a) => a.programmeId === programmeId);
  }

  async listProgrammes(q: PageRequest & { category?: Category | undefined; agency?: string | undefined }): Promise<Page<Programme>> {
    const all = [...this.programmes.values()]
      .filter((p) => (!q.category || p.category === q.category) && (!q.agency || p.ownerAgency === q.agency))
      .sort((a, b) => a.code.localeCompare(b.code))
      .map(programmeWithDefaults);
    return pageOf(all, q);
  }

  async programmeAndEnterprise(programmeId: string, taxCode: string) {
    return { programme: await this.getProgramme(programmeId), enterprise: await this.getEnterprise(taxCode) };
  }

  async getEnterprise(taxCode: string): Promise<EnterpriseRecord | undefined> {
    const e = this.enterprises.get(taxCode);
    return e && clone(e);
  }

  async recordEnterprise(e: EnterpriseRecord): Promise<RecordOutcome> {
    await this.enter('recordEnterprise');
    // As the adapter's conditional put: only a newer revision is written; a redelivery is stale.
    const refs = (e.people ?? []).map((p) => p.personRef);
    for (const ref of refs) this.personLinks.set(ref, (this.personLinks.get(ref) ?? new Set()).add(e.taxCode));
    const stored = this.enterprises.get(e.taxCode);
    if (stored && stored.revision >= e.revision) return 'stale';
    this.enterprises.set(e.taxCode, clone(e));
    for (const p of stored?.people ?? []) if (!refs.includes(p.personRef)) this.personLinks.get(p.personRef)?.delete(e.taxCode);
    return 'applied';
  }

  async openApplicationsOf(taxCode: string): Promise<Application[]> {
    return [...this.applications.values()].filter((a) => a.taxCode === taxCode && OPEN_STATUSES.includes(a.status)).map(clone);
  }

  async createApplication(app: Application, events: readonly Envelope[] = []): Promise<void> {
    events.forEach((e) => assertMatchesContract(e));
    if (this.applications.has(app.id)) throw new ConflictError('The record was changed by another request; reload and retry');
    this.applications.set(app.id, clone(app));
    this.outbox.push(...events.map(clone));
  }

  async getApplication(id: string): Promise<Application | undefined> {
    const a = this.applications.get(id);
    return a && clone(a);
  }

  async saveApplication(
    next: Application,
    expectedVersion: number,
    extra: { events?: readonly Envelope[]; approval?: ApprovalWrites; messageId?: string } = {},
  ): Promise<'committed' | 'duplicate'> {
    await this.enter('saveApplication');
    const concurrent = this.interleaved;
    this.interleaved = undefined;
    await concurrent?.();

    // Queued events are validated before the transaction is sent.
    for (const e of extra.events ?? []) assertMatchesContract(e);
    // The processed-message marker failing makes the whole transaction a duplicate, whatever else failed.
    if (extra.messageId && this.processed.has(extra.messageId)) return 'duplicate';
    const current = this.applications.get(next.id);
    if (!current || current.version !== expectedVersion) {
      throw new ConflictError(`Application ${next.id} was changed meanwhile (expected version ${expectedVersion}); reload it and retry`);
    }
    const a = extra.approval;
    let programme: Programme | undefined;
    let earlierIndex = -1;
    if (a) {
      const g = a.grant;
      if (this.grants.some((x) => x.taxCode === g.taxCode && x.grantedOn === g.grantedOn && x.grantId === g.grantId)) {
        throw new ConflictError('The record was changed by another request; reload and retry');
      }
      for (const slot of a.slots) {
        if ((this.slots.get(slotKey(g.taxCode, slot)) ?? 0) !== slot.seen) {
          throw new ConflictError(
            `Another grant of ${slot.contentId} for ${g.taxCode} over ${slot.year} was approved meanwhile; retry to see it`,
          );
        }
      }
      if (a.supersede) {
        const earlier = a.supersede.grant;
        earlierIndex = this.grants.findIndex((x) => x.grantId === earlier.grantId && x.taxCode === earlier.taxCode);
        const stored = earlierIndex >= 0 ? grantWithDefaults(this.grants[earlierIndex]!) : undefined;
        if (!stored || stored.version !== earlier.version || stored.status === 'cancelled') {
          throw new ConflictError(`Grant ${earlier.grantId} was adjusted or superseded meanwhile; reload it and retry`);
        }
      }
      programme = this.programmes.get(a.budget.programmeId);
      if (!programme || programme.budgetVnd !== a.budget.budgetVnd || programme.committedVnd > a.budget.budgetVnd - a.budget.amountVnd) {
        throw new ConflictError(`The programme's budget was changed or committed meanwhile; ${a.budget.amountVnd} VND no longer fits`);
      }
    }

    // Every condition holds: write it all.
    this.applications.set(next.id, clone(next));
    if (a && programme) {
      this.grants.push(clone(a.grant));
      for (const slot of a.slots) this.slots.set(slotKey(a.grant.taxCode, slot), slot.seen + 1);
      if (a.supersede && earlierIndex >= 0) {
        const stored = grantWithDefaults(this.grants[earlierIndex]!);
        this.grants[earlierIndex] = {
          ...stored,
          supersededBy: [...stored.supersededBy, clone(a.supersede.entry)],
          version: stored.version + 1,
        };
      }
      this.relatedParties.push(...a.relatedParties.map(clone));
      programme.committedVnd += a.budget.amountVnd;
    }
    this.outbox.push(...(extra.events ?? []).map(clone));
    if (extra.messageId) this.processed.add(extra.messageId);
    return 'committed';
  }

  async listApplications(q: ApplicationQuery): Promise<Page<Application>> {
    // The adapter's index choice: commune, else programme, else enterprise, else agency.
    const keep = (a: Application): boolean => {
      if (q.commune) return a.communeCode === q.commune;
      if (q.programmeId) return a.programmeId === q.programmeId;
      if (q.taxCode) return a.taxCode === q.taxCode;
      return a.agency === (q.agencyIndex ?? q.ownerAgency);
    };
    const sortKey = (a: Application) => `${a.status}#${a.createdAt}#${a.id}`;
    const all = [...this.applications.values()]
      .filter(keep)
      .filter((a) => !q.status || a.status === q.status)
      .filter((a) => !q.programmeId || a.programmeId === q.programmeId)
      .filter((a) => !q.taxCode || a.taxCode === q.taxCode)
      .filter(
        (a) =>
          !q.ownerAgency ||
          a.agency === q.ownerAgency ||
          (!!q.orAssignedTo && !keepByAgency(q) && (a.assignees ?? []).includes(q.orAssignedTo)),
      )
      .sort((x, y) => (sortKey(x) < sortKey(y) ? 1 : sortKey(x) > sortKey(y) ? -1 : 0));
    return pageOf(all, q);
  }

  async addDocument(doc: ApplicationDocument, max: number): Promise<'added' | 'full'> {
    const key = `${doc.applicationId}/${doc.documentId}`;
    // As the adapter's counter item: the count is checked and raised with the write.
    if ([...this.documents.values()].filter((d) => d.applicationId === doc.applicationId).length >= max) return 'full';
    if (this.documents.has(key)) throw new ConflictError(`Document ${doc.documentId} exists`);
    this.documents.set(key, clone(doc));
    return 'added';
  }

  async getDocument(applicationId: string, documentId: string): Promise<ApplicationDocument | undefined> {
    const d = this.documents.get(`${applicationId}/${documentId}`);
    return d && clone(d);
  }

  async listDocuments(applicationId: string, q: PageRequest): Promise<Page<ApplicationDocument>> {
    const all = [...this.documents.values()]
      .filter((d) => d.applicationId === applicationId)
      .sort((a, b) => a.documentId.localeCompare(b.documentId));
    return pageOf(all, q);
  }

  async settleDocument(doc: ApplicationDocument): Promise<boolean> {
    await this.enter('settleDocument');
    const key = `${doc.applicationId}/${doc.documentId}`;
    if (this.documents.get(key)?.status !== 'awaiting-upload') return false;
    this.documents.set(key, clone(doc));
    return true;
  }

  /** Seed a grant as it was stored (e.g. before contents existed). */
  putGrant(g: Grant | Record<string, unknown>): this {
    this.grants.push(clone(g as Grant));
    return this;
  }

  private ofEnterprise(taxCode: string): Grant[] {
    const sk = (g: Grant) => `GRANT#${g.grantedOn}#${g.grantId}`;
    return this.grants
      .filter((g) => g.taxCode === taxCode)
      .sort((a, b) => (sk(a) < sk(b) ? 1 : sk(a) > sk(b) ? -1 : 0))
      .map((g) => grantWithDefaults(clone(g)));
  }

  async grantsOf(taxCode: string, q: PageRequest = { limit: 100 }): Promise<Page<Grant>> {
    return pageOf(this.ofEnterprise(taxCode), q);
  }

  async allGrantsOf(taxCode: string): Promise<Grant[]> {
    return this.ofEnterprise(taxCode);
  }

  async slotCounters(taxCode: string, slots: readonly Pick<SlotClaim, 'contentId' | 'year'>[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const s of slots) {
      const n = this.slots.get(slotKey(taxCode, s));
      if (n !== undefined) out.set(slotId(s), n);
    }
    return out;
  }

  async getGrant(grantId: string): Promise<Grant | undefined> {
    const g = this.grants.find((x) => x.grantId === grantId);
    return g && grantWithDefaults(clone(g));
  }

  async saveGrant(next: Grant, expectedVersion: number, extra: AdjustmentWrites): Promise<void> {
    await this.enter('saveGrant');
    const concurrent = this.interleaved;
    this.interleaved = undefined;
    await concurrent?.();
    extra.events.forEach((e) => assertMatchesContract(e));
    const i = this.grants.findIndex((g) => g.grantId === next.grantId && g.taxCode === next.taxCode);
    if (i < 0 || grantWithDefaults(this.grants[i]!).version !== expectedVersion) {
      throw new ConflictError(`Grant ${next.grantId} was changed meanwhile (expected version ${expectedVersion}); reload it and retry`);
    }
    const programme = extra.release ? this.programmes.get(extra.release.programmeId) : undefined;
    if (extra.release && (!programme || programme.committedVnd < extra.release.amountVnd)) {
      throw new ConflictError(`The programme has less than ${extra.release.amountVnd} VND committed; reload the grant and retry`);
    }
    this.grants[i] = clone(next);
    if (programme && extra.release) programme.committedVnd -= extra.release.amountVnd;
    this.outbox.push(...extra.events.map(clone));
  }

  async enterprisesSharing(taxCode: string, people: readonly Person[], limit: number): Promise<{ taxCode: string; people: Person[] }[]> {
    const refs = new Set(people.map((p) => p.personRef));
    const others = new Set<string>();
    for (const ref of refs) for (const t of this.personLinks.get(ref) ?? []) if (t !== taxCode && others.size < limit) others.add(t);
    return [...others]
      .map((t) => this.enterprises.get(t))
      .filter((e): e is EnterpriseRecord => !!e && (e.people ?? []).some((p) => refs.has(p.personRef)))
      .map((e) => ({ taxCode: e.taxCode, people: clone(e.people ?? []) }))
      .sort((a, b) => a.taxCode.localeCompare(b.taxCode));
  }

  async relatedPartyRecords(year: number, q: PageRequest): Promise<Page<RelatedPartyRecord>> {
    const sk = (r: RelatedPartyRecord) => `${r.flaggedAt}#${r.applicationId}#${r.contentId}#${r.relatedGrantId}`;
    const all = this.relatedParties.filter((r) => r.year === year).sort((a, b) => (sk(a) < sk(b) ? 1 : sk(a) > sk(b) ? -1 : 0));
    return pageOf(all, q);
  }
}

/** Whether the adapter lists by the agency index (no narrower filter): then only the agency's own are in it. */
const keepByAgency = (q: ApplicationQuery) => !q.commune && !q.programmeId && !q.taxCode;

const slotKey = (taxCode: string, s: Pick<SlotClaim, 'contentId' | 'year'>) => `${taxCode}#${s.contentId}#${s.year}`;

/** How many leading bytes inspect reports, as the S3 adapter. */
const HEAD_BYTES = 16;

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** S3's ETag of a single-part PUT: the quoted MD5 of the bytes. */
const eTagOf = (bytes: Uint8Array): string => `"${createHash('md5').update(bytes).digest('hex')}"`;

/** S3 in memory: objects by key, an ETag per content, the copy conditional on the ETag. */
export class FakeDocumentStore implements DocumentStore {
  readonly objects = new Map<string, Buffer>();
  readonly uploadTargets: { key: string; contentType: string; sizeBytes: number; expiresInSeconds: number }[] = [];
  /** Runs after inspect has read an object: lets a test land a second PUT before the copy. */
  afterInspect: ((key: string) => Promise<void>) | undefined;

  /** A PUT of `body` at `key` (what the browser does with the upload URL). */
  put(key: string, body: Uint8Array): this {
    this.objects.set(key, Buffer.from(body));
    return this;
  }

  async uploadUrl(key: string, contentType: string, sizeBytes: number, expiresInSeconds: number): Promise<UploadTarget> {
    this.uploadTargets.push({ key, contentType, sizeBytes, expiresInSeconds });
    return {
      url: `https://fake-s3.local/${key}?X-Amz-Expires=${expiresInSeconds}`,
      headers: { 'content-type': contentType, 'content-length': String(sizeBytes) },
    };
  }

  async downloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<string> {
    return `https://fake-s3.local/${key}?X-Amz-Expires=${expiresInSeconds}&response-content-disposition=${encodeURIComponent(`attachment; filename="${fileName}"`)}`;
  }

  async inspect(key: string): Promise<StoredObject | undefined> {
    const body = this.objects.get(key);
    if (!body) return undefined;
    const result: StoredObject = {
      sizeBytes: body.length,
      sha256: sha256Hex(body),
      head: new Uint8Array(body.subarray(0, HEAD_BYTES)),
      eTag: eTagOf(body),
    };
    await this.afterInspect?.(key);
    return result;
  }

  async promote(fromKey: string, toKey: string, eTag?: string): Promise<void> {
    const body = this.objects.get(fromKey);
    // S3: CopyObject of a missing source is NoSuchKey; a CopySourceIfMatch that fails is 412.
    if (!body) throw new Error(`NoSuchKey: ${fromKey}`);
    if (eTag !== undefined && eTagOf(body) !== eTag) throw new Error(`PreconditionFailed: ${fromKey} is no longer ${eTag}`);
    this.objects.set(toKey, Buffer.from(body));
    this.objects.delete(fromKey);
  }

  async remove(key: string): Promise<void> {
    this.objects.delete(key);
  }
}
