/**
 * Amazon SES (API v2), for functions that send mail (`sendsMail`). Locally the runtime's gateway
 * answers SendEmail itself and keeps the message in its mail sink (`GET /local/mail`).
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { once } from '../config.ts';
import { type AwsEndpoints, endpoints, local } from './endpoints.ts';

export function makeSesV2Client(env: AwsEndpoints = endpoints()): SESv2Client {
  return new SESv2Client({ ...local(env.AWS_ENDPOINT_URL_SESV2, env.AWS_REGION) });
}

/** Shared by every handler in a process: created on first use, reused across invocations. */
export const sesV2Client = once(() => makeSesV2Client());
