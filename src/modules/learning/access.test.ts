import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReleaseAt } from '../courses/validation.ts';
import { type AccessInput, formatInstant, lessonAccess } from './access.ts';

const DAY_MS = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const instant = fc.integer({ min: T0, max: T0 + 800 * DAY_MS }).map((ms) => new Date(ms));

function input(over: Partial<AccessInput> = {}): AccessInput {
  return {
    lesson: { status: 'published', isPreview: false, releaseAt: null, releaseAfterDays: null },
    chapter: { status: 'published', releaseAt: null },
    course: { status: 'published', accessLevel: 'free' },
    viewer: { role: 'student' },
    entitlement: { startsAt: new Date(T0), endsAt: null, revokedAt: null },
    now: new Date(T0 + DAY_MS),
    ...over,
  };
}

describe('lessonAccess', () => {
  it('writes the opening instant as a sentence in UTC', () => {
    const at = new Date(Date.UTC(2027, 2, 3, 9, 0));
    expect(formatInstant(at)).toBe('3 March 2027 at 09:00 UTC');
    const res = lessonAccess(input({ lesson: { ...input().lesson, releaseAt: at } }));
    expect(res).toEqual({ open: false, reason: 'drip', opensAt: at, message: 'This lesson opens on 3 March 2027 at 09:00 UTC.' });
  });

  it('enforces publication, sign-in and entitlement per access level', () => {
    expect(lessonAccess(input({ course: { status: 'draft', accessLevel: 'public' } }))).toMatchObject({ open: false, reason: 'not_published' });
    expect(lessonAccess(input({ viewer: null }))).toMatchObject({ open: false, reason: 'not_signed_in' });
    expect(lessonAccess(input({ entitlement: null }))).toMatchObject({ open: false, reason: 'not_entitled' });
    expect(lessonAccess(input({ course: { status: 'published', accessLevel: 'paid' }, entitlement: null }))).toMatchObject({ reason: 'not_entitled' });
    expect(lessonAccess(input({ course: { status: 'published', accessLevel: 'members' }, entitlement: null }))).toEqual({ open: true });
    expect(lessonAccess(input({ course: { status: 'published', accessLevel: 'members' }, viewer: null }))).toMatchObject({ reason: 'not_signed_in' });
    expect(lessonAccess(input({ course: { status: 'published', accessLevel: 'public' }, viewer: null, entitlement: null }))).toEqual({ open: true });
  });

  it('ignores revoked, ended and not-yet-started entitlements', () => {
    const now = new Date(T0 + 10 * DAY_MS);
    expect(lessonAccess(input({ now, entitlement: { startsAt: new Date(T0), endsAt: null, revokedAt: new Date(T0) } }))).toMatchObject({ reason: 'not_entitled' });
    expect(lessonAccess(input({ now, entitlement: { startsAt: new Date(T0), endsAt: now, revokedAt: null } }))).toMatchObject({ reason: 'not_entitled' });
    expect(lessonAccess(input({ now, entitlement: { startsAt: new Date(now.getTime() + 1), endsAt: null, revokedAt: null } }))).toMatchObject({ reason: 'not_entitled' });
  });

  it('keeps a chapter closed until its release instant', () => {
    const releaseAt = new Date(T0 + 5 * DAY_MS);
    const res = lessonAccess(input({ chapter: { status: 'published', releaseAt }, now: new Date(releaseAt.getTime() - 1) }));
    expect(res).toMatchObject({ open: false, reason: 'chapter_not_released', opensAt: releaseAt });
    expect(lessonAccess(input({ chapter: { status: 'published', releaseAt }, now: releaseAt }))).toEqual({ open: true });
  });

  it('drip after days opens exactly at enrollment + days, never before', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 365 }), fc.integer({ min: -3 * DAY_MS, max: 400 * DAY_MS }), (enrolledAt, days, offset) => {
        const opensAt = enrolledAt.getTime() + days * DAY_MS;
        const now = new Date(enrolledAt.getTime() + Math.max(0, offset));
        const res = lessonAccess(input({ lesson: { ...input().lesson, releaseAfterDays: days }, entitlement: { startsAt: enrolledAt, endsAt: null, revokedAt: null }, now }));
        expect(res.open).toBe(now.getTime() >= opensAt);
        if (!res.open) expect(res.opensAt?.getTime()).toBe(opensAt);
        const atInstant = lessonAccess(input({ lesson: { ...input().lesson, releaseAfterDays: days }, entitlement: { startsAt: enrolledAt, endsAt: null, revokedAt: null }, now: new Date(opensAt) }));
        expect(atInstant.open).toBe(true);
      }),
    );
  });

  it('a release time written in any time zone opens at the same instant, and a zone-less one is refused', () => {
    // Offsets from -12:00 to +14:00 in quarter hours: every real zone (and then some).
    const offsetMinutes = fc.integer({ min: -48, max: 56 }).map((q) => q * 15);
    fc.assert(
      fc.property(instant, offsetMinutes, fc.integer({ min: -2 * DAY_MS, max: 2 * DAY_MS }), (at, offset, delta) => {
        const local = new Date(at.getTime() + offset * 60_000).toISOString().slice(0, 19);
        const sign = offset < 0 ? '-' : '+';
        const zone = `${sign}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
        const releaseAt = ReleaseAt.parse(`${local}${zone}`)!;
        expect(releaseAt.getTime()).toBe(Math.floor(at.getTime() / 1000) * 1000);
        const now = new Date(releaseAt.getTime() + delta);
        expect(lessonAccess(input({ lesson: { ...input().lesson, releaseAt }, now })).open).toBe(delta >= 0);
        expect(ReleaseAt.safeParse(local).success).toBe(false);
      }),
    );
  });

  it('absolute drip opens at its instant for everyone entitled', () => {
    fc.assert(
      fc.property(instant, instant, (releaseAt, now) => {
        const res = lessonAccess(input({ lesson: { ...input().lesson, releaseAt }, now }));
        expect(res.open).toBe(now.getTime() >= releaseAt.getTime());
      }),
    );
  });

  it('staff always open; preview always open when published', () => {
    const anyInput = fc.record({
      releaseAt: fc.option(instant, { nil: null }),
      releaseAfterDays: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
      status: fc.constantFrom('draft', 'published'),
      accessLevel: fc.constantFrom('public', 'free', 'paid', 'members' as const),
      signedIn: fc.boolean(),
      entitled: fc.boolean(),
      now: instant,
    });
    fc.assert(
      fc.property(anyInput, fc.constantFrom('instructor', 'admin', 'owner' as const), (a, role) => {
        const base = {
          lesson: { status: a.status, isPreview: false, releaseAt: a.releaseAt, releaseAfterDays: a.releaseAfterDays },
          chapter: { status: a.status, releaseAt: a.releaseAt },
          course: { status: a.status, accessLevel: a.accessLevel },
          entitlement: a.entitled ? { startsAt: new Date(T0), endsAt: null, revokedAt: null } : null,
          now: a.now,
        };
        expect(lessonAccess({ ...base, viewer: { role } })).toEqual({ open: true });
        const preview = lessonAccess({ ...base, chapter: { status: 'published', releaseAt: null }, course: { status: 'published', accessLevel: a.accessLevel }, lesson: { ...base.lesson, status: 'published', isPreview: true }, viewer: a.signedIn ? { role: 'student' } : null });
        expect(preview).toEqual({ open: true });
      }),
    );
  });
});
