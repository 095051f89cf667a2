/**
 * Documents on the local S3: presigned PUT/GET by plain HTTP (what a browser does), and the
 * mirror that keeps the in-memory S3 server's objects across restarts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BucketMirror } from '../../local/runtime/aws-emulator.ts';
import { localClients, uniqueName } from '../support/aws.ts';

const { s3 } = localClients();
let bucket: string;
let dir: string;

beforeAll(async () => {
  bucket = uniqueName('docs');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  dir = await mkdtemp(join(tmpdir(), 'mirror-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('presigned URLs', () => {
  it('accepts an upload by plain HTTP PUT and serves it back by presigned GET', async () => {
    const body = Buffer.from('%PDF-1.7 giấy chứng nhận đăng ký doanh nghiệp');
    const put = await getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: 'intake/a/doc.pdf', ContentType: 'application/pdf' }), {
      expiresIn: 300,
    });
    const uploaded = await fetch(put, { method: 'PUT', body, headers: { 'content-type': 'application/pdf' } });
    const get = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: 'intake/a/doc.pdf' }), { expiresIn: 300 });
    const downloaded = await fetch(get);
    expect(uploaded.status).toBe(200);
    expect(Buffer.from(await downloaded.arrayBuffer())).toEqual(body);
  });
});

describe('BucketMirror', () => {
  it('restores saved objects with their content type into an empty bucket', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'reports/2026/kpi.csv', Body: 'a,b\n1,2\n', ContentType: 'text/csv' }));
    await new BucketMirror(s3, bucket, dir).sync();
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'reports/2026/kpi.csv' }));

    const restored = await new BucketMirror(s3, bucket, dir).restore();
    const obj = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'reports/2026/kpi.csv' }));
    expect(restored).toBeGreaterThanOrEqual(1);
    expect(await obj.Body?.transformToString()).toBe('a,b\n1,2\n');
    expect(obj.ContentType).toBe('text/csv');
  });

  it('forgets objects deleted since the last sync', async () => {
    const mirror = new BucketMirror(s3, bucket, dir);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'tmp/x.txt', Body: 'x' }));
    await mirror.sync();
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'tmp/x.txt' }));
    await mirror.sync();
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'reports/2026/kpi.csv' }));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'intake/a/doc.pdf' }));

    await new BucketMirror(s3, bucket, dir).restore();
    await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'tmp/x.txt' }))).rejects.toThrow();
  });
});
