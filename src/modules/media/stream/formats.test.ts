import { describe, expect, it } from 'vitest';
import { matchesMagic, Mp4DurationScanner, videoContentType } from './formats.ts';
import { fakeMp4 } from './testing.ts';

describe('video formats', () => {
  const mp4 = fakeMp4(12.5);
  const webm = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81]);
  const oldMov = new Uint8Array([0, 0, 0, 8, ...new TextEncoder().encode('wide'), 0, 0, 0, 0]);

  it('recognises each allowed type by its first bytes, and refuses impostors', () => {
    expect(matchesMagic('video/mp4', mp4)).toBe(true);
    expect(matchesMagic('video/quicktime', mp4)).toBe(true);
    expect(matchesMagic('video/quicktime', oldMov)).toBe(true);
    expect(matchesMagic('video/webm', webm)).toBe(true);
    expect(matchesMagic('video/mp4', webm)).toBe(false);
    expect(matchesMagic('video/webm', mp4)).toBe(false);
    expect(matchesMagic('video/mp4', new TextEncoder().encode('%PDF-1.7 not a video'))).toBe(false);
    expect(matchesMagic('video/mp4', new Uint8Array([0, 0]))).toBe(false);
  });

  it('normalises content types and refuses others', () => {
    expect(videoContentType('Video/MP4; codecs="avc1"')).toBe('video/mp4');
    expect(videoContentType('video/x-matroska')).toBeNull();
    expect(videoContentType(null)).toBeNull();
  });

  it('reads the duration from moov/mvhd however the bytes are chunked', () => {
    for (const size of [1, 3, 7, 8, 13, 64, 1000, mp4.length]) {
      const scanner = new Mp4DurationScanner();
      for (let at = 0; at < mp4.length; at += size) scanner.push(mp4.subarray(at, at + size));
      expect(scanner.seconds, `chunks of ${size}`).toBeCloseTo(12.5, 3);
    }
  });

  it('knows no duration for WebM or garbage', () => {
    const scanner = new Mp4DurationScanner();
    scanner.push(webm);
    expect(scanner.seconds).toBeNull();
  });
});
