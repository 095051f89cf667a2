import { afterEach, describe, it, expect, vi } from 'vitest';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { makeS3Client } from '../../../../shared/aws/clients.ts';

/** What the upload use cases presign: a PUT with a fixed content type and length. */
const uploadCommand = () =>
  new PutObjectCommand({
    Bucket: 'sme-documents',
    Key: 'applications/app-1/business-licence.pdf',
    ContentType: 'application/pdf',
    ContentLength: 48_213,
  });

const checksumParams = (url: string): string[] =>
  [...new URL(url).searchParams.keys()].filter((k) => /^x-amz-checksum-/i.test(k) || k.toLowerCase() === 'x-amz-sdk-checksum-algorithm');

/** Real-AWS presigning without touching the network: region and credentials from the env. */
function stubAwsEnv() {
  vi.stubEnv('AWS_REGION', 'ap-southeast-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
  vi.stubEnv('AWS_SESSION_TOKEN', undefined);
  vi.stubEnv('AWS_PROFILE', undefined);
  vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/aws-config');
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/aws-credentials');
  vi.stubEnv('AWS_REQUEST_CHECKSUM_CALCULATION', undefined);
  vi.stubEnv('AWS_RESPONSE_CHECKSUM_VALIDATION', undefined);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('makeS3Client presigned PUT URLs', () => {
  it('carry no checksum parameters against the local S3 endpoint', async () => {
    stubAwsEnv();
    const s3 = makeS3Client({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4566', AWS_REGION: 'us-east-1' });

    const url = await getSignedUrl(s3, uploadCommand(), { expiresIn: 300 });

    expect(new URL(url).origin).toBe('http://127.0.0.1:4566');
    expect(new URL(url).pathname).toBe('/sme-documents/applications/app-1/business-licence.pdf');
    expect(new URL(url).searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(checksumParams(url)).toEqual([]);
  });

  it('carry no checksum parameters when presigned for real AWS', async () => {
    stubAwsEnv();
    const s3 = makeS3Client({});

    const url = await getSignedUrl(s3, uploadCommand(), { expiresIn: 300 });

    expect(new URL(url).hostname).toMatch(/\.amazonaws\.com$/);
    expect(new URL(url).searchParams.get('X-Amz-Credential')).toMatch(/^AKIAIOSFODNN7EXAMPLE\/\d{8}\/ap-southeast-1\/s3\/aws4_request$/);
    expect(checksumParams(url)).toEqual([]);
  });

  it('would carry the empty-body CRC32 with the SDK default checksum setting (the bug the setting prevents)', async () => {
    stubAwsEnv();
    const s3 = new S3Client({ region: 'ap-southeast-1' });

    const url = await getSignedUrl(s3, uploadCommand(), { expiresIn: 300 });

    expect(new URL(url).searchParams.get('x-amz-checksum-crc32')).toBe('AAAAAA==');
    expect(checksumParams(url)).toEqual(['x-amz-checksum-crc32', 'x-amz-sdk-checksum-algorithm']);
  });
});
