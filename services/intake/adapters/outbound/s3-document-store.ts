/**
 * Application documents in S3. The browser sends the file straight to S3 by a presigned PUT that
 * signs the content type and byte length, so S3 refuses any other file than the one declared.
 * The uploaded object is then read once as a stream (size, sha256, first bytes for the magic-number
 * check) and, once verified, copied server-side to its verified key and the upload deleted: no URL
 * is ever signed for PUT on a verified key, so a verified document is immutable. The copy is
 * conditional on the ETag that was inspected: the upload URL stays valid for its whole lifetime, and
 * a second PUT landing between inspection and copy must not be promoted unchecked.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3ServiceException,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DocumentStore, StoredObject, UploadTarget } from '../../app/ports.ts';

const HEAD_BYTES = 16;

export class S3DocumentStore implements DocumentStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async uploadUrl(key: string, contentType: string, sizeBytes: number, expiresInSeconds: number): Promise<UploadTarget> {
    // Both headers signed: S3 answers 403 SignatureDoesNotMatch to any other type or length.
    const url = await getSignedUrl(
      this.s3,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: sizeBytes }),
      { expiresIn: expiresInSeconds, signableHeaders: new Set(['content-type', 'content-length']) },
    );
    return { url, headers: { 'content-type': contentType, 'content-length': String(sizeBytes) } };
  }

  downloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentDisposition: contentDisposition(fileName) }),
      { expiresIn: expiresInSeconds },
    );
  }

  async inspect(key: string): Promise<StoredObject | undefined> {
    let body: Readable | undefined;
    let eTag: string | undefined;
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      body = out.Body as Readable | undefined;
      eTag = out.ETag;
    } catch (error) {
      if (error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.name === 'NotFound')) return undefined;
      throw error;
    }
    const hash = createHash('sha256');
    const head = new Uint8Array(HEAD_BYTES);
    let sizeBytes = 0;
    for await (const chunk of body ?? []) {
      const bytes = chunk as Uint8Array;
      if (sizeBytes < HEAD_BYTES) head.set(bytes.subarray(0, HEAD_BYTES - sizeBytes), sizeBytes);
      hash.update(bytes);
      sizeBytes += bytes.byteLength;
    }
    // The ETag of this very response: it names the bytes just hashed.
    return { sizeBytes, sha256: hash.digest('hex'), head: head.slice(0, Math.min(sizeBytes, HEAD_BYTES)), eTag };
  }

  async promote(fromKey: string, toKey: string, eTag?: string): Promise<void> {
    // With eTag, S3 answers 412 PreconditionFailed (thrown) if the upload was replaced since it was
    // inspected. CopyObject keeps the content type; its 5 GB limit is far above any document we accept.
    await this.s3.send(
      new CopyObjectCommand({ Bucket: this.bucket, Key: toKey, CopySource: copySource(this.bucket, fromKey), CopySourceIfMatch: eTag }),
    );
    await this.remove(fromKey);
  }

  async remove(key: string): Promise<void> {
    // S3 answers 204 for an absent key too.
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

/** `bucket/key`, URL-encoded as CopySource must be (the SDK does not encode it). */
const copySource = (bucket: string, key: string) => `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;

/**
 * `attachment` with the file's name: RFC 6266, with an ASCII `filename` for old clients and, when
 * the name is not plain ASCII, `filename*` in UTF-8 (RFC 5987), e.g. Vietnamese names with diacritics.
 */
function contentDisposition(fileName: string): string {
  // Control characters (CR/LF included) never belong in a header value.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are stripped
  const name = fileName.replace(/[\u0000-\u001f\u007f]/g, '').trim() || 'document';
  const ascii = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '_');
  const quoted = `"${ascii.replace(/["\\]/g, '\\$&')}"`;
  if (ascii === name) return `attachment; filename=${quoted}`;
  // encodeURIComponent leaves ' ( ) * unencoded; RFC 5987's attr-char does not allow them.
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename=${quoted}; filename*=UTF-8''${encoded}`;
}
