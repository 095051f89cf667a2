import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../src/api/problem.ts';
import { parseConfig, storageUrl } from '../src/config.ts';

describe('config.json', () => {
  it('takes the local and the Cognito form, and refuses one without what sign-in needs', () => {
    expect(parseConfig({ apiBaseUrl: '/api', auth: { kind: 'cognito', domain: 'https://d', clientId: 'c' } }).apiBaseUrl).toBe('/api');
    expect(() => parseConfig({ apiBaseUrl: '/api', auth: { kind: 'cognito' } })).toThrow(/domain/);
    expect(() => parseConfig({ auth: { kind: 'local' } })).toThrow(/apiBaseUrl/);
  });

  it('takes the enterprises hosted UI beside the staff one, and refuses one without its client', () => {
    const enterprise = { domain: 'https://e', clientId: 'ec' };
    const config = parseConfig({ apiBaseUrl: '/api', auth: { kind: 'cognito', domain: 'https://d', clientId: 'c', enterprise } });
    expect(config.auth.kind === 'cognito' && config.auth.enterprise).toEqual(enterprise);
    expect(() =>
      parseConfig({
        apiBaseUrl: '/api',
        auth: { kind: 'cognito', domain: 'https://d', clientId: 'c', enterprise: { domain: 'https://e' } },
      }),
    ).toThrow(/auth.enterprise.clientId/);
  });

  it('reaches presigned storage URLs through the same-origin path when one is given', () => {
    const local = parseConfig({
      apiBaseUrl: '',
      storage: { origin: 'http://127.0.0.1:4566', proxyPath: '/local/s3' },
      auth: { kind: 'local' },
    });
    expect(storageUrl(local, 'http://127.0.0.1:4566/bucket/key?X-Amz-Signature=1')).toBe('/local/s3/bucket/key?X-Amz-Signature=1');
    const aws = parseConfig({ apiBaseUrl: '/api', auth: { kind: 'cognito', domain: 'https://d', clientId: 'c' } });
    expect(storageUrl(aws, 'https://bucket.s3.amazonaws.com/key')).toBe('https://bucket.s3.amazonaws.com/key');
  });
});

describe('problem+json', () => {
  it('lists each field’s messages under its path, without the body prefix', () => {
    const errors = fieldErrors({
      status: 400,
      errors: [
        { path: 'body.contact.email', message: 'Invalid email' },
        { path: 'body.taxCode', message: 'bad check digit' },
        { path: 'body.taxCode', message: 'too short' },
      ],
    });
    expect(errors.get('contact.email')).toEqual(['Invalid email']);
    expect(errors.get('taxCode')).toEqual(['bad check digit', 'too short']);
  });
});
