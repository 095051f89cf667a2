/** Fair schedules in the shared bucket, under `matching/fairs/<fairId>/runs/<runId>.json`: the whole run, input included. */
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ScheduleDocument, ScheduleStore } from '../../app/fair-ports.ts';

export class S3ScheduleStore implements ScheduleStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, doc: ScheduleDocument): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: JSON.stringify(doc), ContentType: 'application/json' }));
  }

  async get(key: string): Promise<ScheduleDocument | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return JSON.parse(await out.Body!.transformToString('utf8')) as ScheduleDocument;
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
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
