/**
 * Import files in S3: presigned upload and download URLs, the uploaded file read as a stream of
 * rows (CSV through csv-parse, NDJSON line by line — never the whole file in memory), and the
 * rejects file written as a streamed multipart upload.
 */
import { createInterface } from 'node:readline';
import { PassThrough, type Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3ServiceException,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { parse } from 'csv-parse';
import { csvRecordToEvent } from '../../app/imports.ts';
import type { ImportFiles, ImportFormat, RawRow, RowRejection, UploadedPart } from '../../app/ports.ts';

export class S3ImportFiles implements ImportFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  uploadUrl(key: string, contentType: string, expiresIn: number): Promise<string> {
    // Signing content-type makes S3 refuse an upload declared as anything else.
    return getSignedUrl(this.s3, new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }), {
      expiresIn,
      signableHeaders: new Set(['content-type']),
    });
  }

  async startMultipart(key: string, contentType: string): Promise<string> {
    const out = await this.s3.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }));
    if (!out.UploadId) throw new Error('S3 returned no upload id');
    return out.UploadId;
  }

  partUrls(key: string, uploadId: string, parts: number, expiresIn: number): Promise<string[]> {
    return Promise.all(
      Array.from({ length: parts }, (_, i) =>
        getSignedUrl(this.s3, new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: i + 1 }), {
          expiresIn,
        }),
      ),
    );
  }

  async completeMultipart(key: string, uploadId: string, parts: UploadedPart[]): Promise<boolean> {
    try {
      await this.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
        }),
      );
      return true;
    } catch (error) {
      // InvalidPart, InvalidPartOrder, EntityTooSmall, NoSuchUpload: the caller's parts are wrong.
      if (error instanceof S3ServiceException && (error.$metadata.httpStatusCode ?? 500) < 500) return false;
      throw error;
    }
  }

  downloadUrl(key: string, expiresIn: number): Promise<string> {
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn });
  }

  async *rows(key: string, format: ImportFormat): AsyncIterable<RawRow> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const body = out.Body as Readable | undefined;
    if (!body) throw new Error('the uploaded file is empty');
    try {
      yield* this.parse(body, format);
    } finally {
      // A reader that stops early (out of time, lease lost) must not leave the download open.
      body.destroy();
    }
  }

  private async *parse(body: Readable, format: ImportFormat): AsyncIterable<RawRow> {
    if (format === 'ndjson') {
      let row = 0;
      for await (const line of createInterface({ input: body, crlfDelay: Infinity })) {
        if (line.trim() === '') continue;
        row += 1;
        try {
          yield { row, raw: JSON.parse(line) as unknown };
        } catch {
          yield { row, raw: undefined, error: 'not valid JSON' };
        }
      }
      return;
    }
    // Rows are numbered from 1 for the first data row (the header is row 0).
    const parser = body.pipe(parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }));
    let row = 0;
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      row += 1;
      yield { row, raw: csvRecordToEvent(record) };
    }
  }

  async writeRejects(key: string, rejections: AsyncIterable<RowRejection>): Promise<void> {
    const stream = new PassThrough();
    const upload = new Upload({
      client: this.s3,
      params: { Bucket: this.bucket, Key: key, Body: stream, ContentType: 'application/x-ndjson' },
    });
    const done = upload.done();
    for await (const r of rejections) {
      if (!stream.write(`${JSON.stringify(r)}\n`)) await new Promise((res) => stream.once('drain', res));
    }
    stream.end();
    await done;
  }
}
