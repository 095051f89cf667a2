/** The S3 client (see endpoints.ts). */
import { S3Client } from '@aws-sdk/client-s3';
import { once } from '../config.ts';
import { type AwsEndpoints, endpoints, local } from './endpoints.ts';

/**
 * The S3 client. Checksums only when required: with the SDK default a presigned PUT carries the
 * CRC32 of an empty body (`x-amz-checksum-crc32=AAAAAA==`) and real S3 rejects every upload.
 * The emulator does not check it, so a unit test asserts presigned URLs carry no checksum.
 */
export function makeS3Client(env: AwsEndpoints = endpoints()): S3Client {
  return new S3Client({
    ...local(env.AWS_ENDPOINT_URL_S3, env.AWS_REGION),
    forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Shared by every handler in a process: created on first use, reused across invocations. */
export const s3Client = once(() => makeS3Client());
