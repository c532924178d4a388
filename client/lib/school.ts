// Shapes the Worker sends about schools, and the checks that turn untrusted JSON into them.
// Hand-written rather than zod to keep the first paint's bundle small; when the server exports
// its zod schemas from src/modules/tenancy/validation.ts, these guards can be replaced by them.
import { fail, isObject, nullableString, string, type Json } from './json';

export type Brand = {
  primaryColor: string;
  accentColor: string;
  tagline: string | null;
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

export function parseBrand(value: unknown): Brand {
  if (!isObject(value)) fail('brand is not an object');
  return {
    primaryColor: color(value, 'primaryColor'),
    accentColor: color(value, 'accentColor'),
    tagline: nullableString(value, 'tagline'),
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
