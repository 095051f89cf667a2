import { describe, expect, it } from 'vitest';
import { s3Notification } from '../../../../local/runtime/upload-notifier.ts';
import { notifiedKeys } from '../../../../shared/messaging/s3-notifications.ts';

/** A notification as S3 sends it to SQS (AWS documentation's example, trimmed of nothing a consumer reads). */
const fromS3 = {
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'ap-southeast-1',
      eventTime: '2026-11-30T02:00:00.000Z',
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
      requestParameters: { sourceIPAddress: '203.0.113.7' },
      responseElements: {
        'x-amz-request-id': 'C3D13FE58DE4C810',
        'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
      },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'uploads',
        bucket: { name: 'documents', ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: 'arn:aws:s3:::documents' },
        object: { key: 'intake/documents/incoming/B%C3%A1o+c%C3%A1o.pdf', size: 1024, eTag: 'd41d8cd98f00b204e9800998ecf8427e' },
      },
    },
  ],
};

describe('notifiedKeys', () => {
  it('decodes the keys of what S3 sends, and of what the local runtime sends', () => {
    expect(notifiedKeys(JSON.stringify(fromS3))).toEqual(['intake/documents/incoming/Báo cáo.pdf']);
    const local = s3Notification('documents', 'registry/imports/x y/source.csv', 10, '"abc"', new Date('2026-11-30T00:00:00Z'));
    expect(notifiedKeys(JSON.stringify(local))).toEqual(['registry/imports/x y/source.csv']);
  });

  it("ignores S3's test event and removals, and throws on anything else", () => {
    expect(notifiedKeys(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'documents' }))).toEqual([]);
    const removed = { Records: [{ ...fromS3.Records[0], eventName: 'ObjectRemoved:Delete' }] };
    expect(notifiedKeys(JSON.stringify(removed))).toEqual([]);
    expect(() => notifiedKeys(JSON.stringify({ Records: [{ eventSource: 'aws:sqs' }] }))).toThrow();
    expect(() => notifiedKeys('not json')).toThrow();
  });
});
