/**
 * Attendance CSV files in S3: a presigned PUT signed for the declared type and length (S3 refuses
 * any other file), read back whole (they are small: MAX_UPLOAD_BYTES), deleted once handled.
 */
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { AttendanceFiles, UploadTarget } from '../../app/ports.ts';

export class S3AttendanceFiles implements AttendanceFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async uploadUrl(key: string, contentType: string, sizeBytes: number, expiresInSeconds: number): Promise<UploadTarget> {
    const url = await getSignedUrl(
      this.s3,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: sizeBytes }),
      { expiresIn: expiresInSeconds, signableHeaders: new Set(['content-type', 'content-length']) },
    );
    return { url, headers: { 'content-type': contentType, 'content-length': String(sizeBytes) } };
  }

  async read(key: string, maxBytes: number): Promise<string | { tooLarge: true } | undefined> {
    let body: Readable | undefined;
    try {
      body = (await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))).Body as Readable | undefined;
    } catch (error) {
      if (error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.name === 'NotFound')) return undefined;
      throw error;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of body ?? []) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) return { tooLarge: true };
        chunks.push(chunk as Buffer);
      }
    } finally {
      body?.destroy();
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async remove(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
