/**
 * What may be uploaded: PDF, JPEG, PNG, XLSX, DOCX up to 25 MB. A file is checked after upload
 * against what was declared — size, SHA-256, and leading bytes that match its type (so a file
 * renamed to .pdf is refused).
 */
export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;

interface Kind {
  extensions: readonly string[];
  /** Leading bytes every file of the kind starts with. */
  magic: readonly number[];
  label: string;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04]; // xlsx and docx are zip packages

export const CONTENT_TYPES: Readonly<Record<string, Kind>> = {
  'application/pdf': { extensions: ['pdf'], magic: [0x25, 0x50, 0x44, 0x46, 0x2d], label: 'PDF' },
  'image/jpeg': { extensions: ['jpg', 'jpeg'], magic: [0xff, 0xd8, 0xff], label: 'JPEG' },
  'image/png': { extensions: ['png'], magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], label: 'PNG' },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { extensions: ['xlsx'], magic: ZIP, label: 'XLSX' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { extensions: ['docx'], magic: ZIP, label: 'DOCX' },
};

export const ALLOWED_CONTENT_TYPES = Object.keys(CONTENT_TYPES) as [string, ...string[]];

export const extensionOf = (fileName: string): string => fileName.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';

/** Whether the file name's extension fits the content type. */
export const extensionFits = (fileName: string, contentType: string): boolean =>
  CONTENT_TYPES[contentType]?.extensions.includes(extensionOf(fileName)) ?? false;

export interface Declared {
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/** Everything in which the stored file differs from its declaration; empty when it matches. */
export function verifyUpload(declared: Declared, stored: { sizeBytes: number; sha256: string; head: Uint8Array }): string[] {
  const problems: string[] = [];
  if (stored.sizeBytes !== declared.sizeBytes) problems.push(`size is ${stored.sizeBytes} bytes, ${declared.sizeBytes} were declared`);
  if (stored.sizeBytes > MAX_DOCUMENT_BYTES) problems.push(`size is above the ${MAX_DOCUMENT_BYTES} byte limit`);
  if (stored.sha256 !== declared.sha256.toLowerCase()) problems.push('SHA-256 does not match the declared one');
  const kind = CONTENT_TYPES[declared.contentType];
  if (!kind || !kind.magic.every((b, i) => stored.head[i] === b)) problems.push(`content is not ${kind?.label ?? declared.contentType}`);
  return problems;
}
