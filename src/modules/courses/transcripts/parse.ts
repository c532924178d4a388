import { parseTimecode, timecodeExample, type TranscriptFormat } from './timecode.ts';

export type Cue = { start: number; end: number; text: string };
export type TranscriptError = { line: number; message: string };
export type ParsedTranscript = { ok: true; format: TranscriptFormat; cues: Cue[]; plainText: string } | { ok: false; errors: TranscriptError[] };

export const MAX_TRANSCRIPT_BYTES = 2 * 1024 * 1024;
export const MAX_CUES = 20_000;
export const MAX_ERRORS = 20;
/** Longer than this is almost always a typo in the hours or minutes, not a real caption. */
export const MAX_CUE_MS = 30 * 60 * 1000;

const TIMING = /^\s*(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t].*)?$/;
const VTT_HEADER = /^WEBVTT(?:[ \t].*)?$/;
/** Blocks WebVTT defines that carry no captions. */
const VTT_SKIPPED_BLOCK = /^(?:NOTE|STYLE|REGION)(?:[ \t].*)?$/;

class TooManyErrors extends Error {}

/**
 * Parses a WebVTT or SRT file into cues sorted by start time. Pure: no I/O, no clock.
 *
 * Lenient where players are (missing blank lines between cues, cue settings, overlapping
 * cues, cues out of order — those are sorted), strict where a wrong file would show wrong
 * captions (bad or reversed timestamps). Every error names its 1-based line and says what
 * to write instead; at most MAX_ERRORS are reported so a wholly wrong file stays readable.
 */
export function parseTranscript(input: string, format?: TranscriptFormat): ParsedTranscript {
  if (new TextEncoder().encode(input).length > MAX_TRANSCRIPT_BYTES) {
    return fail(1, 'The file is larger than 2 MB. Split the transcript into smaller files or remove styling and comments.');
  }
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const lines = text.split(/\r\n|\r|\n/);
  const binaryLine = lines.findIndex((l) => /[\u0000-\u0008\u000E-\u001F\uFFFD]/.test(l));
  if (binaryLine >= 0) {
    return fail(binaryLine + 1, 'This does not look like a text file. Upload the captions as a WebVTT (.vtt) or SRT (.srt) text file in UTF-8.');
  }
  const detected: TranscriptFormat = VTT_HEADER.test(lines[0] ?? '') ? 'vtt' : 'srt';
  if (format === 'vtt' && detected !== 'vtt') {
    return fail(1, lines[0]?.startsWith('WEBVTT') ? 'The first line must be WEBVTT, optionally followed by a space and a title.' : 'A WebVTT file must start with the line WEBVTT. Add it, or upload the file as SRT.');
  }
  if (format === 'srt' && detected === 'vtt') return fail(1, 'This file starts with WEBVTT, so it is WebVTT, not SRT. Upload it as WebVTT (.vtt).');

  const errors: TranscriptError[] = [];
  const report = (line: number, message: string) => {
    errors.push({ line, message: `Line ${line}: ${message}` });
    if (errors.length >= MAX_ERRORS) throw new TooManyErrors();
  };
  const cues: Cue[] = [];
  try {
    for (const block of blocksOf(lines, detected)) {
      const cue = readCue(block, detected, report);
      if (cue && cue.text !== '') cues.push(cue);
      if (cues.length > MAX_CUES) {
        report(block[0]!.line, `the file has more than ${MAX_CUES.toLocaleString('en')} cues. Split it into smaller files.`);
        break;
      }
    }
  } catch (err) {
    if (!(err instanceof TooManyErrors)) throw err;
  }
  if (errors.length) return { ok: false, errors };
  if (cues.length === 0) return fail(1, `The file has no cues with text. Each cue needs a timing line like ${detected === 'vtt' ? '00:00:01.000 --> 00:00:04.000' : '00:00:01,000 --> 00:00:04,000'} followed by its text.`);
  cues.sort((a, b) => a.start - b.start || a.end - b.end);
  return { ok: true, format: detected, cues, plainText: cues.map((c) => c.text.replace(/\n/g, ' ')).join('\n') };
}

function fail(line: number, message: string): ParsedTranscript {
  return { ok: false, errors: [{ line, message: `Line ${line}: ${message}` }] };
}

type Line = { line: number; text: string };

/**
 * Splits the file into blocks at blank lines, skipping the WebVTT header block and
 * NOTE/STYLE/REGION blocks. A timing line inside a block starts a new block, so a file that
 * forgot the blank line between two cues still reads the way players read it.
 */
function* blocksOf(lines: string[], format: TranscriptFormat): Generator<Line[]> {
  let block: Line[] = [];
  let inHeader = format === 'vtt';
  for (let i = 0; i <= lines.length; i++) {
    const text = lines[i];
    if (text === undefined || text.trim() === '') {
      if (block.length && !inHeader && !(format === 'vtt' && VTT_SKIPPED_BLOCK.test(block[0]!.text))) yield block;
      block = [];
      inHeader = false;
      continue;
    }
    const current = { line: i + 1, text };
    const timingHere = text.includes('-->');
    const timingBefore = block.some((l) => l.text.includes('-->'));
    if (inHeader && timingHere) {
      // No blank line after the header: the header ends where the first cue begins.
      inHeader = false;
      block = [current];
      continue;
    }
    if (!inHeader && timingHere && timingBefore) {
      // An SRT cue number written just above the timing line belongs to the next cue.
      const carried = format === 'srt' && block.length > 1 && /^\d+$/.test(block.at(-1)!.text.trim()) ? [block.pop()!] : [];
      yield block;
      block = [...carried, current];
      continue;
    }
    block.push(current);
  }
}

function readCue(block: Line[], format: TranscriptFormat, report: (line: number, message: string) => void): Cue | null {
  // The timing line is first, or second after a cue identifier.
  // A short arrow ("->") between two times is a timing line written wrongly, not text.
  const isTiming = (l: Line | undefined) => !!l && (l.text.includes('-->') || /\d\s*->\s*\d/.test(l.text));
  const timingIndex = isTiming(block[0]) ? 0 : isTiming(block[1]) ? 1 : -1;
  const example = format === 'vtt' ? '00:00:01.000 --> 00:00:04.000' : '00:00:01,000 --> 00:00:04,000';
  if (timingIndex < 0) {
    const where = block[1] ?? block[0]!;
    report(where.line, `expected a timing line like ${example}, found "${clip(where.text)}". Check for a missing timing line or a stray blank line inside a cue.`);
    return null;
  }
  const timing = block[timingIndex]!;
  const m = TIMING.exec(timing.text);
  if (!m) {
    report(timing.line, `the timing line "${clip(timing.text)}" is not in the form ${example} (spaces around the arrow).`);
    return null;
  }
  const [, startToken, endToken] = m as unknown as [string, string, string];
  const start = parseTimecode(startToken, format);
  const end = parseTimecode(endToken, format);
  let ok = true;
  for (const [token, value, which] of [[startToken, start, 'start'], [endToken, end, 'end']] as const) {
    if (value === null) {
      const hint =
        format === 'vtt' && token.includes(',')
          ? ' WebVTT uses a full stop before the milliseconds, not a comma.'
          : format === 'srt' && parseTimecode(token, 'vtt') !== null
            ? ' If this is a WebVTT file, make WEBVTT its first line.'
            : '';
      report(timing.line, `the ${which} time "${clip(token)}" is not a valid time. Write it as ${timecodeExample(format)}.${hint}`);
      ok = false;
    }
  }
  if (!ok || start === null || end === null) return null;
  if (end < start) report(timing.line, `the end time ${endToken} is before the start time ${startToken}.`);
  else if (end === start) report(timing.line, `the cue ends at the moment it starts (${startToken}). Give it a duration.`);
  else if (end - start > MAX_CUE_MS) report(timing.line, `the cue lasts longer than 30 minutes (${startToken} to ${endToken}). Check the hours and minutes.`);
  else return { start: start / 1000, end: end / 1000, text: cueText(block.slice(timingIndex + 1).map((l) => l.text)) };
  return null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0', lrm: '\u200E', rlm: '\u200F' };

/**
 * The words of a cue: markup such as <i>, <b>, <v Speaker> and <00:00:01.000> dropped,
 * entities decoded. Stored cues hold only text, so no reader can be handed markup.
 */
export function cueText(lines: string[]): string {
  return lines
    .map((l) =>
      l
        .replace(/<[^>]*>/g, '')
        .replace(/&(amp|lt|gt|quot|apos|nbsp|lrm|rlm);/g, (_, name: string) => ENTITIES[name]!)
        .trim(),
    )
    .filter((l) => l !== '')
    .join('\n');
}

function clip(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > 60 ? `${trimmed.slice(0, 57)}…` : trimmed;
}
