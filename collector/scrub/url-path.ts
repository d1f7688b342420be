import { decodeLoose } from './codec.js';
import { scrubCoordinates } from './geo.js';
import { isPersonSlug } from './person-slug.js';
import { P } from './placeholders.js';
import { scrubPlain } from './plain.js';
import { isPostcodeToken } from './postcode.js';
import { scrubQuery, type ValueScanner } from './url-query.js';
import { scrubUserPaths } from './user-path.js';

/**
 * URL path rules (docs/privacy.md, url row): segments that are identifiers become
 * `:id`; static words, slugs and 1–4 digit segments (`/v2`, `/step/3`,
 * `/2024`) stay; after a person keyword a name slug (`/leden/jan-de-vries`)
 * is an identifier too (person-slug.ts). Route templates (`:id`, `[userId]`, `{id}`, `[...slug]`,
 * `:iban?`) are kept verbatim.
 */

const TEMPLATE = /^(?::[A-Za-z_$][\w$]*[?*+]?|\[{1,2}(?:\.\.\.)?[A-Za-z_$][\w$]*\]{1,2}|\{[A-Za-z_$][\w$]*[?*+]?\}|\*{1,2}|\$[A-Za-z_]\w*)$/;
const DIGIT_RUN = /[0-9]{5}/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const HEX_RUN = /(?<![0-9a-z])[0-9a-f]{16,}(?![0-9a-z])/i;
const TOKEN_PART = /^[A-Za-z0-9_-]{16,}$|^[A-Za-z0-9]{10,}$/;
const UPPER = /[A-Z]/;
const LOWER = /[a-z]/;
const DIGIT = /[0-9]/;
const HANDLE_MARK = /[0-9@._A-Z]/;
const COORDINATE_PART = /^[-+]?[0-9]{1,3}\.[0-9]{4,12}$/;

/** True when two path segments are a latitude and a longitude (`/52.3702/4.8952`). */
const isCoordinatePair = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && COORDINATE_PART.test(a) && COORDINATE_PART.test(b) && scrubCoordinates(`${a},${b}`) !== `${a},${b}`;

/** Segments after which the next segment names a person (`/users/Jan.de.Vries`). */
const PERSON_WORDS = new Set([
  'u',
  'user',
  'users',
  'member',
  'members',
  'leden',
  'lid',
  'profiel',
  'profielen',
  'profile',
  'profiles',
  'klant',
  'klanten',
  'customer',
  'customers',
  'people',
  'person',
  'persons',
  'personen',
  'account',
  'accounts',
  'author',
  'authors',
  'gebruiker',
  'gebruikers',
  'relatie',
  'relaties',
  'patient',
  'patients',
  'student',
  'students',
  'employee',
  'employees',
  'medewerker',
  'medewerkers',
]);

/** True for a route-template placeholder such as `:id`, `[userId]`, `{id}` or `[...slug]`. */
export const isTemplateToken = (segment: string): boolean => TEMPLATE.test(segment);

// A long run of letters and digits in mixed case is a token (session id,
// signed key), never a word: slugs are lower case or split by dashes.
const isOpaqueToken = (segment: string): boolean =>
  segment.split('.').some((part) => TOKEN_PART.test(part) && UPPER.test(part) && LOWER.test(part) && DIGIT.test(part));

const hasHexId = (segment: string): boolean => {
  const m = HEX_RUN.exec(segment);
  return m !== null && DIGIT.test(m[0]);
};

/** True when a decoded path segment is an identifier or personal data. */
export const isIdSegment = (segment: string, previous: string): boolean =>
  DIGIT_RUN.test(segment) ||
  UUID.test(segment) ||
  hasHexId(segment) ||
  isOpaqueToken(segment) ||
  isPostcodeToken(segment) ||
  (PERSON_WORDS.has(previous) && (HANDLE_MARK.test(segment) || isPersonSlug(segment, previous))) ||
  scrubPlain(segment) !== segment;

/**
 * Scrubs a path: each `/` segment is kept or replaced whole by `:id`;
 * `;k=v` matrix parameters (`;jsessionid=…`) get the query rules.
 * `fileUrl` also strips user names from home directories (`file:///Users/jan/…`).
 */
export const scrubPath = (path: string, scanValue: ValueScanner, fileUrl = false): string => {
  const source = fileUrl ? scrubUserPaths(path) : path;
  const original = source.split('/');
  const segments = [...original];
  let previous = '';
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const semi = segment.indexOf(';');
    const base = semi < 0 ? segment : segment.slice(0, semi);
    const decoded = decodeLoose(base);
    let out = base;
    const pairs = isCoordinatePair(original[i - 1], base) || isCoordinatePair(base, original[i + 1]);
    if (base !== '' && base !== P.user && !isTemplateToken(base) && (pairs || isIdSegment(decoded, previous))) out = P.id;
    segments[i] = semi < 0 ? out : `${out};${scrubQuery(segment.slice(semi + 1), scanValue)}`;
    previous = decoded.toLowerCase();
  }
  return segments.join('/');
};
