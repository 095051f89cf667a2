import { describe, it, expect } from 'vitest';
import { extensionFits, extensionOf, MAX_DOCUMENT_BYTES, verifyUpload } from '../../../../services/intake/domain/document-types.ts';
import { sha256Hex } from './fakes.ts';
import { FILES } from './fixtures.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** What inspect reports for these bytes. */
const stored = (bytes: Buffer) => ({ sizeBytes: bytes.length, sha256: sha256Hex(bytes), head: new Uint8Array(bytes.subarray(0, 16)) });
const declared = (bytes: Buffer, contentType: string) => ({ contentType, sizeBytes: bytes.length, sha256: sha256Hex(bytes) });

describe('verifyUpload', () => {
  it.each([
    ['a PDF', FILES.pdf, 'application/pdf'],
    ['a PNG', FILES.png, 'image/png'],
    ['a JPEG', FILES.jpeg, 'image/jpeg'],
    ['an XLSX (a zip package)', FILES.zip, XLSX],
    ['a DOCX (a zip package)', FILES.zip, DOCX],
  ])('finds nothing wrong with %s that matches its declaration', (_label, bytes, contentType) => {
    expect(verifyUpload(declared(bytes, contentType), stored(bytes))).toEqual([]);
  });

  it('accepts a declared hash in upper case', () => {
    const d = declared(FILES.pdf, 'application/pdf');

    expect(verifyUpload({ ...d, sha256: d.sha256.toUpperCase() }, stored(FILES.pdf))).toEqual([]);
  });

  it('reports a size other than the declared one', () => {
    const d = declared(FILES.pdf, 'application/pdf');
    const longer = Buffer.concat([FILES.pdf, Buffer.from('x')]);

    expect(verifyUpload(d, { ...stored(longer), sha256: d.sha256 })).toEqual([
      `size is ${FILES.pdf.length + 1} bytes, ${FILES.pdf.length} were declared`,
    ]);
  });

  it('reports a SHA-256 other than the declared one', () => {
    const d = declared(FILES.pdf, 'application/pdf');
    const tampered = Buffer.from(FILES.pdf);
    tampered[100] = 0x41;

    expect(verifyUpload(d, stored(tampered))).toEqual(['SHA-256 does not match the declared one']);
  });

  it('reports a PNG declared as a PDF (a file renamed to .pdf)', () => {
    expect(verifyUpload(declared(FILES.png, 'application/pdf'), stored(FILES.png))).toEqual(['content is not PDF']);
  });

  it('reports a PDF declared as an XLSX', () => {
    expect(verifyUpload(declared(FILES.pdf, XLSX), stored(FILES.pdf))).toEqual(['content is not XLSX']);
  });

  it('reports a file shorter than its magic number', () => {
    const tiny = Buffer.from([0x89, 0x50]);

    expect(verifyUpload(declared(tiny, 'image/png'), stored(tiny))).toEqual(['content is not PNG']);
  });

  it('reports a content type it does not accept', () => {
    expect(verifyUpload(declared(FILES.pdf, 'text/plain'), stored(FILES.pdf))).toEqual(['content is not text/plain']);
  });

  it('reports a file above 25 MB', () => {
    const big = { sizeBytes: MAX_DOCUMENT_BYTES + 1, sha256: 'ab', head: new Uint8Array(FILES.pdf.subarray(0, 16)) };

    expect(verifyUpload({ contentType: 'application/pdf', sizeBytes: MAX_DOCUMENT_BYTES + 1, sha256: 'ab' }, big)).toEqual([
      `size is above the ${MAX_DOCUMENT_BYTES} byte limit`,
    ]);
  });

  it('reports everything that differs at once', () => {
    const d = declared(FILES.pdf, 'application/pdf');

    expect(verifyUpload(d, stored(FILES.png))).toEqual([
      `size is ${FILES.png.length} bytes, ${FILES.pdf.length} were declared`,
      'SHA-256 does not match the declared one',
      'content is not PDF',
    ]);
  });
});

describe('extensionOf / extensionFits', () => {
  it('takes the last extension, lower-cased', () => {
    expect(extensionOf('Báo cáo tài chính 2025.PDF')).toBe('pdf');
    expect(extensionOf('archive.tar.gz')).toBe('gz');
    expect(extensionOf('no-extension')).toBe('');
  });

  it.each([
    ['dang-ky.pdf', 'application/pdf', true],
    ['DANG-KY.PDF', 'application/pdf', true],
    ['photo.jpg', 'image/jpeg', true],
    ['photo.jpeg', 'image/jpeg', true],
    ['scan.png', 'image/png', true],
    ['bang-gia.xlsx', XLSX, true],
    ['de-an.docx', DOCX, true],
    ['photo.png', 'image/jpeg', false],
    ['bang-gia.xls', XLSX, false],
    ['de-an.doc', DOCX, false],
    ['de-an.docx', XLSX, false],
    ['report.pdf.exe', 'application/pdf', false],
    ['report', 'application/pdf', false],
    ['notes.txt', 'text/plain', false],
  ])('%s as %s: %s', (name, type, fits) => {
    expect(extensionFits(name, type)).toBe(fits);
  });
});
