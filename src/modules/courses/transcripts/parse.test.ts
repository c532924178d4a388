import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cue, MAX_CUES, parseTranscript } from './parse.ts';
import { formatTimecode, parseTimecode } from './timecode.ts';

const vtt = (...lines: string[]) => ['WEBVTT', '', ...lines].join('\n');
function errorsOf(text: string, format?: 'vtt' | 'srt') {
  const result = parseTranscript(text, format);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}
function cuesOf(text: string, format?: 'vtt' | 'srt') {
  const result = parseTranscript(text, format);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.cues;
}

describe('parseTranscript: WebVTT', () => {
  it('reads header text, NOTE/STYLE/REGION blocks, identifiers, settings and optional hours', () => {
    const text = [
      'WEBVTT - Lesson one',
      'Kind: captions',
      '',
      'STYLE',
      '::cue { color: yellow }',
      '',
      'REGION',
      'id:fred width:40%',
      '',
      'NOTE this is a comment',
      'that spans --> lines',
      '',
      'intro',
      '00:01.000 --> 00:04.500 align:start position:10%',
      '<v Rabbi>Welcome to <i>the</i> course &amp; more</v>',
      '',
      '01:00:00.000 --> 01:00:02.000',
      'Second line one',
      'Second line two',
    ].join('\n');
    const result = parseTranscript(text);
    expect(result).toEqual({
      ok: true,
      format: 'vtt',
      cues: [
        { start: 1, end: 4.5, text: 'Welcome to the course & more' },
        { start: 3600, end: 3602, text: 'Second line one\nSecond line two' },
      ],
      plainText: 'Welcome to the course & more\nSecond line one Second line two',
    });
  });

  it('handles a BOM and CRLF or CR line endings', () => {
    const body = ['WEBVTT', '', '00:00:01.000 --> 00:00:02.000', 'Hi'];
    const expected = [{ start: 1, end: 2, text: 'Hi' }];
    expect(cuesOf('\uFEFF' + body.join('\r\n'))).toEqual(expected);
    expect(cuesOf(body.join('\r'))).toEqual(expected);
  });

  it('sorts unordered cues by start and allows overlaps', () => {
    const cues = cuesOf(vtt('00:00:05.000 --> 00:00:09.000', 'B', '', '00:00:01.000 --> 00:00:06.000', 'A'));
    expect(cues.map((c) => c.text)).toEqual(['A', 'B']);
  });

  it('drops empty cues, including ones that are only markup', () => {
    const cues = cuesOf(vtt('00:00:01.000 --> 00:00:02.000', '', '00:00:02.000 --> 00:00:03.000', '<i></i>', '', '00:00:03.000 --> 00:00:04.000', 'Said'));
    expect(cues).toEqual([{ start: 3, end: 4, text: 'Said' }]);
  });

  it('reads cues whose blank line between them is missing, and after a header with no blank line', () => {
    const cues = cuesOf(['WEBVTT', '00:00:01.000 --> 00:00:02.000', 'One', '00:00:03.000 --> 00:00:04.000', 'Two'].join('\n'));
    expect(cues.map((c) => c.text)).toEqual(['One', 'Two']);
  });

  it('reports bad timestamps, reversed, zero and too-long cues with their line numbers', () => {
    const errors = errorsOf(
      vtt(
        '00:00:01.000 --> 00:00:02.000', // line 3
        'ok',
        '',
        '00:00:1.000 --> 00:00:02.000', // line 6
        'bad start',
        '',
        '00:01:05.000 --> 00:01:02.000', // line 9
        'reversed',
        '',
        '00:00:03,000 --> 00:00:04.000', // line 12
        'comma',
        '',
        '00:00:05.000 --> 00:00:05.000', // line 15
        'zero',
        '',
        '00:00:00.000 --> 01:00:00.000', // line 18
        'too long',
        '',
        'just text', // line 21
        'and more',
        '',
        '00:00:06.000->00:00:07.000', // line 24
        'no spaces',
      ),
    );
    expect(errors).toEqual([
      { line: 6, message: 'Line 6: the start time "00:00:1.000" is not a valid time. Write it as hh:mm:ss.ttt or mm:ss.ttt (for example 00:01:02.500).' },
      { line: 9, message: 'Line 9: the end time 00:01:02.000 is before the start time 00:01:05.000.' },
      {
        line: 12,
        message:
          'Line 12: the start time "00:00:03,000" is not a valid time. Write it as hh:mm:ss.ttt or mm:ss.ttt (for example 00:01:02.500). WebVTT uses a full stop before the milliseconds, not a comma.',
      },
      { line: 15, message: 'Line 15: the cue ends at the moment it starts (00:00:05.000). Give it a duration.' },
      { line: 18, message: 'Line 18: the cue lasts longer than 30 minutes (00:00:00.000 to 01:00:00.000). Check the hours and minutes.' },
      { line: 22, message: expect.stringContaining('Line 22: expected a timing line like 00:00:01.000 --> 00:00:04.000, found "and more"') },
      { line: 24, message: expect.stringContaining('Line 24: the timing line "00:00:06.000->00:00:07.000" is not in the form') },
    ]);
  });

  it('reports a timing line with stray text around the arrow', () => {
    expect(errorsOf(vtt('00:00:01.000 -->00:00:02.000', 'x'))).toEqual([
      { line: 3, message: expect.stringContaining('Line 3: the timing line "00:00:01.000 -->00:00:02.000" is not in the form') },
    ]);
  });

  it('requires the header when told the file is WebVTT, and refuses WebVTT sent as SRT', () => {
    expect(errorsOf('00:00:01.000 --> 00:00:02.000\nHi', 'vtt')[0]!.message).toMatch(/^Line 1: A WebVTT file must start with the line WEBVTT/);
    expect(errorsOf('WEBVTTX\n\n00:00:01.000 --> 00:00:02.000\nHi', 'vtt')[0]!.message).toMatch(/^Line 1: The first line must be WEBVTT/);
    expect(errorsOf(vtt('00:00:01.000 --> 00:00:02.000', 'Hi'), 'srt')[0]!.message).toMatch(/it is WebVTT, not SRT/);
  });

  it('stops at 20 errors', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `00:00:${String(i).padStart(2, '0')}.000 --> 00:00:00.000\nx\n`);
    const errors = errorsOf(vtt(...lines.slice(1)));
    expect(errors).toHaveLength(20);
    expect(errors[0]!.line).toBe(3);
    expect(errors[1]!.line).toBe(6);
  });
});

describe('parseTranscript: SRT', () => {
  it('reads numbered cues with comma decimals, short fractions and a missing blank line', () => {
    const text = ['1', '00:00:01,000 --> 00:00:02,500', 'First', '2', '00:00:03,5 --> 00:00:04,000 X1:10 X2:20', '<b>Second</b>', '', ''].join('\r\n');
    expect(parseTranscript(text)).toEqual({
      ok: true,
      format: 'srt',
      cues: [
        { start: 1, end: 2.5, text: 'First' },
        { start: 3.5, end: 4, text: 'Second' },
      ],
      plainText: 'First\nSecond',
    });
  });

  it('reports SRT timestamps without hours', () => {
    expect(errorsOf('1\n00:01,000 --> 00:02,000\nHi', 'srt')).toEqual([
      { line: 2, message: 'Line 2: the start time "00:01,000" is not a valid time. Write it as hh:mm:ss,ttt (for example 00:01:02,500).' },
      { line: 2, message: 'Line 2: the end time "00:02,000" is not a valid time. Write it as hh:mm:ss,ttt (for example 00:01:02,500).' },
    ]);
  });

  it('points a headerless WebVTT file at its missing header', () => {
    expect(errorsOf('00:01.000 --> 00:02.000\nHi')[0]!.message).toBe(
      'Line 1: the start time "00:01.000" is not a valid time. Write it as hh:mm:ss,ttt (for example 00:01:02,500). If this is a WebVTT file, make WEBVTT its first line.',
    );
  });
});

describe('parseTranscript: files that are not transcripts', () => {
  it('refuses empty files and files without cues', () => {
    expect(errorsOf('')[0]!.message).toMatch(/^Line 1: The file has no cues with text/);
    expect(errorsOf('WEBVTT\n\nNOTE only a note\n')[0]!.message).toMatch(/no cues/);
  });

  it('refuses binary input at the line it starts', () => {
    expect(errorsOf('WEBVTT\n\n\u0000\u0001PNG')).toEqual([{ line: 3, message: expect.stringContaining('Line 3: This does not look like a text file') }]);
  });

  it('refuses files over 2 MB and over 20,000 cues', () => {
    expect(errorsOf('WEBVTT\n\n' + 'x'.repeat(2 * 1024 * 1024))[0]!.message).toMatch(/larger than 2 MB/);
    const many = Array.from({ length: MAX_CUES + 1 }, (_, i) => `${formatTimecode(i * 1000, 'vtt')} --> ${formatTimecode(i * 1000 + 500, 'vtt')}\nc`);
    const errors = errorsOf(vtt(...many.join('\n\n').split('\n')));
    expect(errors).toEqual([{ line: 3 + MAX_CUES * 3, message: expect.stringContaining('more than 20,000 cues') }]);
  });
});

describe('parseTranscript: round trip', () => {
  const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ,.!?'-]{0,20}[A-Za-z0-9.!?]$|^[A-Za-z0-9]$/);
  const cue = fc
    .record({ start: fc.integer({ min: 0, max: 90 * 3_600_000 }), length: fc.integer({ min: 1, max: 30 * 60 * 1000 }), lines: fc.array(word, { minLength: 1, maxLength: 3 }) })
    .map(({ start, length, lines }) => ({ start, end: start + length, text: lines.join('\n') }));

  function render(cues: { start: number; end: number; text: string }[], format: 'vtt' | 'srt'): string {
    const blocks = cues.map((c, i) => `${i + 1}\n${formatTimecode(c.start, format)} --> ${formatTimecode(c.end, format)}\n${c.text}`);
    return (format === 'vtt' ? 'WEBVTT\n\n' : '') + blocks.join('\n\n') + '\n';
  }

  it('renders cues as WebVTT and SRT and reads back the same cues, sorted', () => {
    fc.assert(
      fc.property(fc.array(cue, { minLength: 1, maxLength: 30 }), fc.constantFrom<'vtt' | 'srt'>('vtt', 'srt'), (cues, format) => {
        const expected: Cue[] = [...cues].sort((a, b) => a.start - b.start || a.end - b.end).map((c) => ({ start: c.start / 1000, end: c.end / 1000, text: c.text }));
        expect(cuesOf(render(cues, format), format)).toEqual(expected);
        expect(cuesOf(render(cues, format))).toEqual(expected);
      }),
    );
  });

  it('timecodes survive formatting in both formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 * 3_600_000 }), fc.constantFrom<'vtt' | 'srt'>('vtt', 'srt'), (ms, format) => {
        expect(parseTimecode(formatTimecode(ms, format), format)).toBe(ms);
      }),
    );
  });
});
