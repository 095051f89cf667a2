/**
 * The latest match-index snapshot, one gzipped JSON object in the shared bucket under
 * `matching/index/`. A PUT replaces the object whole, so a reader gets the previous snapshot or the
 * new one, never a mix. A snapshot of another format (written by an older or newer release) is
 * treated as none: the reader loads from the table and writes its own. Each format has its own key,
 * so releases side by side do not overwrite each other's (format 1, before scores carried their
 * agency, was `snapshot-v1.json.gz`).
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { IndexSnapshot, IndexSnapshotStore } from '../../app/ports.ts';

const zip = promisify(gzip);
const unzip = promisify(gunzip);

export const SNAPSHOT_KEY = 'matching/index/snapshot-v2.json.gz';

export class S3IndexSnapshots implements IndexSnapshotStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly key = SNAPSHOT_KEY,
  ) {}

  async read(): Promise<IndexSnapshot | undefined> {
    let bytes: Uint8Array;
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key }));
      bytes = await out.Body!.transformToByteArray();
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
    const snapshot = JSON.parse((await unzip(bytes)).toString('utf8')) as Partial<IndexSnapshot>;
    if (snapshot.format !== 2 || typeof snapshot.position !== 'string' || !Array.isArray(snapshot.suppliers)) return undefined;
    return snapshot as IndexSnapshot;
  }

  async write(s: IndexSnapshot): Promise<{ bytes: number }> {
    // level 1: a third larger than the default level, and several times faster to write.
    const body = await zip(Buffer.from(JSON.stringify(s), 'utf8'), { level: 1 });
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key, Body: body, ContentType: 'application/gzip' }));
    return { bytes: body.length };
  }
}
