/**
 * The intake service's document store on the local S3: upload by presigned PUT from plain HTTP
 * (what the browser does), streamed inspection, promotion to the verified key, presigned download.
 *
 * The local S3 server (fauxqs 1.9.2) verifies no signature: it accepts a PUT whose content type
 * or length differs from the signed ones, an expired URL, or no signature at all; it ignores
 * `response-content-disposition` and `x-amz-copy-source-if-match`. So what real S3 enforces is
 * asserted here on the request we send (signed headers, the disposition parameter, the copy
 * condition), never as a refusal by the local server.
 */
import { createHash, randomBytes } from 'node:crypto';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { S3DocumentStore } from '../../services/intake/adapters/outbound/s3-document-store.ts';
import type { UploadTarget } from '../../services/intake/app/ports.ts';
import { localClients, uniqueName } from '../support/aws.ts';

const { s3 } = localClients();
let bucket: string;
let store: S3DocumentStore;

beforeAll(async () => {
  bucket = uniqueName('intake-docs');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  store = new S3DocumentStore(s3, bucket);
});

const uploadKey = () => `uploads/${uniqueName('app')}/doc.pdf`;
const pdf = () => Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n', 'latin1');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** What inspect must report for these bytes (the ETag is the server's). */
const described = (body: Buffer) => ({
  sizeBytes: body.length,
  sha256: sha256(body),
  head: new Uint8Array(body.subarray(0, 16)),
  eTag: expect.any(String),
});
const put = (target: UploadTarget, body: Uint8Array) => fetch(target.url, { method: 'PUT', body, headers: target.headers });

async function upload(key: string, body: Buffer, contentType = 'application/pdf') {
  const res = await put(await store.uploadUrl(key, contentType, body.length, 300), body);
  expect(res.status).toBe(200);
}

describe('uploadUrl', () => {
  it('signs the content type and the byte length, and carries no checksum parameters', async () => {
    const target = await store.uploadUrl(uploadKey(), 'application/pdf', 1234, 300);

    const params = new URL(target.url).searchParams;
    expect(params.get('X-Amz-SignedHeaders')?.split(';')).toEqual(expect.arrayContaining(['content-type', 'content-length']));
    expect(params.get('X-Amz-Expires')).toBe('300');
    expect([...params.keys()].filter((k) => /checksum/i.test(k))).toEqual([]);
    expect(target.headers).toEqual({ 'content-type': 'application/pdf', 'content-length': '1234' });
  });

  it('accepts a plain HTTP PUT with the returned headers', async () => {
    const key = uploadKey();
    const body = pdf();
    const target = await store.uploadUrl(key, 'application/pdf', body.length, 300);

    const res = await put(target, body);

    expect(res.status).toBe(200);
    expect((await store.inspect(key))?.sizeBytes).toBe(body.length);
  });
});

describe('inspect', () => {
  it('reports the size, sha256 and first 16 bytes of an uploaded document', async () => {
    const key = uploadKey();
    const body = pdf();
    await upload(key, body);

    const stored = await store.inspect(key);

    expect(stored?.sizeBytes).toBe(body.length);
    expect(stored?.sha256).toBe(sha256(body));
    expect(Buffer.from(stored!.head).toString('latin1')).toBe(body.subarray(0, 16).toString('latin1'));
    expect(Buffer.from(stored!.head.subarray(0, 5)).toString('ascii')).toBe('%PDF-');
  });

  it('hashes a 3 MB object, read in many chunks, exactly as node:crypto does', async () => {
    const key = uploadKey();
    const body = randomBytes(3 * 1024 * 1024 + 17);
    await upload(key, body, 'application/octet-stream');

    const stored = await store.inspect(key);

    expect(stored).toEqual(described(body));
  });

  it('returns the whole object as the head when it is shorter than 16 bytes', async () => {
    const key = uploadKey();
    await upload(key, Buffer.from('%PDF-'));

    const stored = await store.inspect(key);

    expect(stored).toEqual(described(Buffer.from('%PDF-')));
  });

  it('reports the ETag of the object it read', async () => {
    const key = uploadKey();
    await upload(key, pdf());

    const stored = await store.inspect(key);

    expect(stored?.eTag).toBe((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ETag);
  });

  it('returns undefined for a key that holds no object', async () => {
    expect(await store.inspect(uploadKey())).toBeUndefined();
  });

  it('propagates errors other than a missing object', async () => {
    const elsewhere = new S3DocumentStore(s3, uniqueName('no-such-bucket'));

    await expect(elsewhere.inspect('uploads/x/doc.pdf')).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });
});

describe('promote', () => {
  it('moves the document to the verified key: readable there, gone from the upload key', async () => {
    // Spaces, parentheses and diacritics: CopySource must be URL-encoded.
    const from = `uploads/${uniqueName('app')}/Giấy chứng nhận (bản sao).pdf`;
    const to = `verified/${uniqueName('app')}/Giấy chứng nhận (bản sao).pdf`;
    const body = pdf();
    await upload(from, body);
    const { eTag } = (await store.inspect(from))!;

    await store.promote(from, to, eTag);

    expect(await store.inspect(to)).toEqual(described(body));
    expect(await store.inspect(from)).toBeUndefined();
  });

  it('copies only if the upload still has the inspected ETag', async () => {
    const from = uploadKey();
    await upload(from, pdf());
    const { eTag } = (await store.inspect(from))!;
    const sent: Record<string, string>[] = [];
    // The local server ignores the condition: check that it is sent.
    const watched = localClients().s3;
    watched.middlewareStack.add(
      (next) => async (args) => {
        sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
        return next(args);
      },
      { step: 'finalizeRequest' },
    );

    await new S3DocumentStore(watched, bucket).promote(from, `verified/${uniqueName('app')}/doc.pdf`, eTag);

    expect(sent.find((h) => h['x-amz-copy-source'])?.['x-amz-copy-source-if-match']).toBe(eTag);
  });

  it('copies unconditionally when no ETag is given', async () => {
    const from = uploadKey();
    const to = `verified/${uniqueName('app')}/doc.pdf`;
    await upload(from, pdf());

    await store.promote(from, to);

    expect(await store.inspect(to)).toEqual(described(pdf()));
  });
});

describe('downloadUrl', () => {
  it('serves the bytes by plain HTTP GET', async () => {
    const key = uploadKey();
    const body = pdf();
    await upload(key, body);

    const res = await fetch(await store.downloadUrl(key, 'giay-phep.pdf', 300));

    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(body);
  });

  // The local server ignores response-content-disposition: the header S3 will send is the parameter.
  it('names an ASCII file with a plain quoted filename', async () => {
    const url = new URL(await store.downloadUrl(uploadKey(), 'report "final".pdf', 300));

    expect(url.searchParams.get('response-content-disposition')).toBe('attachment; filename="report \\"final\\".pdf"');
  });

  it('names a Vietnamese file with an ASCII fallback and an RFC 5987 filename*', async () => {
    const url = new URL(await store.downloadUrl(uploadKey(), 'Giấy phép Đăng ký (bản sao).pdf', 300));

    expect(url.searchParams.get('response-content-disposition')).toBe(
      `attachment; filename="Giay phep Dang ky (ban sao).pdf"; filename*=UTF-8''Gi%E1%BA%A5y%20ph%C3%A9p%20%C4%90%C4%83ng%20k%C3%BD%20%28b%E1%BA%A3n%20sao%29.pdf`,
    );
  });
});

describe('remove', () => {
  it('deletes a stored document', async () => {
    const key = uploadKey();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: pdf(), ContentType: 'application/pdf' }));

    await store.remove(key);

    expect(await store.inspect(key)).toBeUndefined();
  });

  it('does not throw for a key that holds no object', async () => {
    await expect(store.remove(uploadKey())).resolves.toBeUndefined();
  });
});
