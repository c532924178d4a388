// Shapes the Worker sends about schools, and the checks that turn untrusted JSON into them.
// Hand-written rather than zod to keep the first paint's bundle small; when the server exports
// its zod schemas from src/modules/tenancy/validation.ts, these guards can be replaced by them.
import { fail, isObject, nullableString, string, type Json } from './json';

export type Brand = {
  primaryColor: string;
  accentColor: string;
  /** Page background and body text. */
  backgroundColor: string;
  textColor: string;
  /** One of the Worker's named font stacks (it injects the stack itself as --brand-font). */
  font: string;
  tagline: string | null;
  /** `/brand/logo?v=…` on this school's host (absolute in the directory), or null. */
  logoUrl: string | null;
  faviconUrl: string | null;
};

export type Profile = {
  headline: string | null;
  welcomeMessage: string | null;
};

export type School = {
  id: string;
  slug: string;
  name: string;
  isPublic: boolean;
  brand: Brand;
  profile: Profile;
};

export type DirectoryEntry = {
  slug: string;
  name: string;
  brand: Brand;
  url: string;
};

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

// Colours end up in CSS, so anything but #rrggbb is refused rather than passed through.
function color(obj: Json, key: string): string {
  const value = string(obj, key);
  return HEX_COLOR.test(value) ? value.toLowerCase() : fail(`${key} is not #rrggbb`);
}

// Lectern's own page colours (client/ui/theme.css), for a Worker that does not send them yet.
const DEFAULT_PAGE = { backgroundColor: '#f9fafb', textColor: '#111827', font: 'system' };

// An image URL becomes an <img src>: only the Worker's own brand image paths (or, in the
// directory, those paths on an http(s) school origin) are accepted.
const BRAND_IMAGE = /^(https?:\/\/[^/\s"'<>]+)?\/brand\/(logo|favicon)\?v=[A-Za-z0-9-]+$/;

function imageUrl(obj: Json, key: string): string | null {
  const value = nullableString(obj, key);
  return value === null || BRAND_IMAGE.test(value) ? value : fail(`${key} is not a brand image URL`);
}

export function parseBrand(value: unknown): Brand {
  if (!isObject(value)) fail('brand is not an object');
  return {
    primaryColor: color(value, 'primaryColor'),
    accentColor: color(value, 'accentColor'),
    backgroundColor: value.backgroundColor === undefined ? DEFAULT_PAGE.backgroundColor : color(value, 'backgroundColor'),
    textColor: value.textColor === undefined ? DEFAULT_PAGE.textColor : color(value, 'textColor'),
    font: typeof value.font === 'string' ? value.font : DEFAULT_PAGE.font,
    tagline: nullableString(value, 'tagline'),
    logoUrl: imageUrl(value, 'logoUrl'),
    faviconUrl: imageUrl(value, 'faviconUrl'),
  };
}

export function parseSchool(value: unknown): School {
  if (!isObject(value)) fail('school is not an object');
  const profile = isObject(value.profile) ? value.profile : fail('profile is not an object');
  return {
    id: string(value, 'id'),
    slug: string(value, 'slug'),
    name: string(value, 'name'),
    isPublic: value.isPublic === true,
    brand: parseBrand(value.brand),
    profile: {
      headline: nullableString(profile, 'headline'),
      welcomeMessage: nullableString(profile, 'welcomeMessage'),
    },
  };
}

// Only http(s) links are rendered as hrefs, so a bad row can never become a javascript: URL.
function safeUrl(obj: Json, key: string): string {
  const url = new URL(string(obj, key), location.origin);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : fail(`${key} is not http(s)`);
}

export function parseDirectory(value: unknown): DirectoryEntry[] {
  if (!isObject(value) || !Array.isArray(value.schools)) fail('schools is not a list');
  return value.schools.map((entry: unknown) => {
    if (!isObject(entry)) fail('directory entry is not an object');
    return {
      slug: string(entry, 'slug'),
      name: string(entry, 'name'),
      brand: parseBrand(entry.brand),
      url: safeUrl(entry, 'url'),
    };
  });
}
