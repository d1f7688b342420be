import { P } from './placeholders.js';

/**
 * Credentials: PEM blocks, JWTs, `Bearer`/`Basic` tokens and API keys with a
 * well-known prefix (docs/privacy.md, rule 5). URL userinfo is dropped by url.ts.
 */

const PEM_BEGIN = '-----BEGIN ';
const PEM_END = '-----END ';

// eyJ is base64url for `{"`: every JWT header starts with it. Segments are
// bounded and their class excludes `.`, so matching is linear.
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,4096}\.[A-Za-z0-9_-]{4,4096}\.[A-Za-z0-9_-]{0,4096}/g;

// A token must hold a non-letter, so prose such as "Basic authentication" survives.
const AUTH_SCHEME = /\b(Bearer|Basic)(\s{1,4}|%20|\+)([A-Za-z0-9._~+/=-]{8,4096})/gi;

// Prefixes issued by Stripe, GitHub, GitLab, Slack, npm, AWS, Google, OpenAI,
// and payment providers that use live_/test_ (Mollie); bodies are bounded.
const API_KEY =
  /(?<![A-Za-z0-9_-])(?:(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,247}|whsec_[A-Za-z0-9]{16,128}|gh[pousr]_[A-Za-z0-9]{30,251}|github_pat_[A-Za-z0-9_]{30,251}|glpat-[A-Za-z0-9_-]{20,64}|xox[abposr]-[A-Za-z0-9-]{10,251}|npm_[A-Za-z0-9]{30,64}|(?:AKIA|ASIA)[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|sk-(?:proj-)?[A-Za-z0-9_-]{20,251}|(?:live|test)_[A-Za-z0-9]{20,64})(?![A-Za-z0-9])/g;
const DIGIT = /[0-9]/;

/** Replaces PEM blocks (an unterminated one up to the end of the text: a cut key is still a key). */
const scrubPem = (s: string): string => {
  let at = s.indexOf(PEM_BEGIN);
  if (at < 0) return s;
  let out = '';
  let from = 0;
  while (at >= 0) {
    const end = s.indexOf(PEM_END, at + PEM_BEGIN.length);
    const close = end < 0 ? -1 : s.indexOf('-----', end + PEM_END.length);
    out += s.slice(from, at) + P.secret;
    from = close < 0 ? s.length : close + 5;
    at = s.indexOf(PEM_BEGIN, from);
  }
  return out + s.slice(from);
};

/** Replaces every credential in `s` with `[jwt]` or `[secret]`. */
export const scrubSecrets = (s: string): string => {
  let out = scrubPem(s);
  if (out.includes('eyJ')) out = out.replace(JWT, P.jwt);
  if (/bearer|basic/i.test(out)) {
    out = out.replace(AUTH_SCHEME, (m, scheme: string, sep: string, token: string) => (/[^A-Za-z]/.test(token) ? scheme + sep + P.secret : m));
  }
  // Every real key body carries a digit; a prose word after `test_` does not.
  if (DIGIT.test(out)) out = out.replace(API_KEY, (m) => (DIGIT.test(m) ? P.secret : m));
  return out;
};
