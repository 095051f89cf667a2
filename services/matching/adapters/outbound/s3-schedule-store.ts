/**
 * Fair schedules in the shared bucket: the whole run, input included, at
 * `matching/fairs/<fairId>/runs/<runId>.json`, and beside it the parts the schedule's answers page
 * through, under `…/runs/<runId>/`: `view.json` and `unscheduled-<nnnn>.json`.
 */
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ScheduleDocument, ScheduleStore, ScheduleView } from '../../app/fair-ports.ts';
import type { UnscheduledPair } from '../../domain/fairs/types.ts';

/** `…/runs/<runId>.json` → `…/runs/<runId>/<name>`. */
const partKey = (key: string, name: string) => `${key.replace(/\.json$/, '')}/${name}`;
const chunkName = (n: number) => `unscheduled-${String(n).padStart(4, '0')}.json`;

export class S3ScheduleStore implements ScheduleStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  private async putJson(key: string, value: unknown): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: JSON.stringify(value), ContentType: 'application/json' }),
    );
  }

  private async getJson<T>(key: string): Promise<T | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return JSON.parse(await out.Body!.transformToString('utf8')) as T;
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  put(key: string, doc: ScheduleDocument): Promise<void> {
    return this.putJson(key, doc);
  }

  get(key: string): Promise<ScheduleDocument | undefined> {
    return this.getJson<ScheduleDocument>(key);
  }

  async putParts(key: string, view: ScheduleView, unscheduled: readonly UnscheduledPair[][]): Promise<void> {
    // Chunks first, the view last: a view that exists has all its chunks.
    for (let i = 0; i < unscheduled.length; i += 8) {
      await Promise.all(unscheduled.slice(i, i + 8).map((chunk, k) => this.putJson(partKey(key, chunkName(i + k)), chunk)));
    }
    await this.putJson(partKey(key, 'view.json'), view);
  }

  getView(key: string): Promise<ScheduleView | undefined> {
    return this.getJson<ScheduleView>(partKey(key, 'view.json'));
  }

  getUnscheduled(key: string, chunk: number): Promise<UnscheduledPair[] | undefined> {
    return this.getJson<UnscheduledPair[]>(partKey(key, chunkName(chunk)));
  }

  downloadUrl(key: string, expiresInSeconds: number): Promise<string> {
    const fileName = key.split('/').slice(-3).join('-');
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentDisposition: `attachment; filename="schedule-${fileName}"` }),
      { expiresIn: expiresInSeconds },
    );
  }
}
