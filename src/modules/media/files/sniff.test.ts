import { describe, expect, it } from 'vitest';
import { canonicalType, expectedPartSize, PART_SIZE, PURPOSE_RULES, uploadShape } from './limits.ts';
import { safeFilename } from './object-key.ts';
import { describeBytes, looksLike } from './sniff.ts';
import { SAMPLE_HEADS as S } from './testing.ts';

describe('magic bytes', () => {
  it('recognises each allowed type by its first bytes', () => {
    expect(looksLike('application/pdf', S.pdf)).toBe(true);
    expect(looksLike('image/png', S.png)).toBe(true);
    expect(looksLike('image/jpeg', S.jpeg)).toBe(true);
    expect(looksLike('image/gif', S.gif)).toBe(true);
    expect(looksLike('image/webp', S.webp)).toBe(true);
    expect(looksLike('application/zip', S.zip)).toBe(true);
    expect(looksLike('application/epub+zip', S.epub)).toBe(true);
    expect(looksLike('audio/mpeg', S.mp3)).toBe(true);
    expect(looksLike('audio/mpeg', S.mp3Frame)).toBe(true);
    expect(looksLike('audio/mp4', S.m4a)).toBe(true);
    expect(looksLike('text/plain', S.txt)).toBe(true);
    for (const office of ['wordprocessingml.document', 'spreadsheetml.sheet', 'presentationml.presentation']) {
      expect(looksLike(`application/vnd.openxmlformats-officedocument.${office}` as 'application/zip', S.zip)).toBe(true);
    }
  });

  it('refuses bytes of another type, and says what they look like', () => {
    expect(looksLike('application/pdf', S.png)).toBe(false);
    expect(looksLike('image/png', S.jpeg)).toBe(false);
    expect(looksLike('image/jpeg', S.pdf)).toBe(false);
    expect(looksLike('application/epub+zip', S.zip)).toBe(false);
    expect(looksLike('audio/mp4', S.mp3)).toBe(false);
    expect(looksLike('text/plain', S.png)).toBe(false);
    expect(looksLike('text/plain', Uint8Array.from([0xc3, 0x28]))).toBe(false);
    expect(looksLike('application/zip', S.exe)).toBe(false);
    expect(looksLike('application/pdf', new Uint8Array())).toBe(false);
    expect(describeBytes(S.png)).toBe('a PNG image');
    expect(describeBytes(S.zip)).toBe('a ZIP archive (or an Office document)');
    expect(describeBytes(S.txt)).toBe('plain text');
    expect(describeBytes(Uint8Array.from([0, 1, 2, 0xff, 0]))).toBeNull();
  });

  it('accepts text whose first bytes end inside a multi-byte character', () => {
    const text = new TextEncoder().encode('שלום');
    expect(looksLike('text/plain', text.subarray(0, 3))).toBe(true);
  });
});

describe('limits', () => {
  it('maps the names browsers give types to one canonical type', () => {
    expect(canonicalType('application/x-zip-compressed')).toBe('application/zip');
    expect(canonicalType('audio/x-m4a')).toBe('audio/mp4');
    expect(canonicalType('IMAGE/JPG; charset=binary')).toBe('image/jpeg');
    expect(canonicalType('application/x-msdownload')).toBeNull();
    expect(PURPOSE_RULES.course_cover.types).not.toContain('application/pdf');
  });

  it('splits a file into equal parts and a shorter last one', () => {
    expect(uploadShape(PART_SIZE)).toEqual({ method: 'single' });
    expect(uploadShape(PART_SIZE + 1)).toEqual({ method: 'multipart', partSize: PART_SIZE, partCount: 2 });
    expect(expectedPartSize(PART_SIZE * 2 + 10, 1)).toBe(PART_SIZE);
    expect(expectedPartSize(PART_SIZE * 2 + 10, 3)).toBe(10);
    expect(expectedPartSize(PART_SIZE * 2, 2)).toBe(PART_SIZE);
  });

  it('makes object key names safe and keeps the extension', () => {
    expect(safeFilename('Likutey Moharan — שיעור 1.pdf')).toBe('Likutey-Moharan-1.pdf');
    expect(safeFilename('../../etc/passwd')).toBe('etc-passwd');
    expect(safeFilename('שלום')).toBe('file');
    expect(safeFilename(`${'a'.repeat(300)}.docx`)).toMatch(/^a{95}\.docx$/);
  });
});
