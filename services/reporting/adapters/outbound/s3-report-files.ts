/** Report files in the shared bucket, under `reporting/reports/…`; read through short-lived presigned links. */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ReportFileStore } from '../../app/ports.ts';

export class S3ReportFiles implements ReportFileStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  downloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<string> {
    // RFC 6266: an ASCII fallback name and the UTF-8 one.
    const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentDisposition: `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      }),
      { expiresIn: expiresInSeconds },
    );
  }
}
