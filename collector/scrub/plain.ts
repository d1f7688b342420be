import { scrubAddresses } from './address.js';
import { scrubBsns, scrubSsns } from './bsn.js';
import { scrubCards } from './card.js';
import { scrubImeis, scrubMacs } from './device.js';
import { scrubEmails } from './email.js';
import { scrubObfuscatedEmails } from './email-obfuscated.js';
import { scrubCoordinates } from './geo.js';
import { scrubIbans } from './iban.js';
import { scrubIps } from './ip.js';
import { scrubKeyValues } from './key-values.js';
import { NAME_HINT, scrubNames } from './name.js';
import { scrubPhones } from './phone.js';
import { scrubPostcodes } from './postcode.js';
import { scrubSecrets } from './secret.js';
import { scrubUserPaths } from './user-path.js';

/** Which value detectors run; the user-agent field turns IPs off (Relay #1375). */
export interface PlainOptions {
  ip: boolean;
}

export const WITH_IP: PlainOptions = { ip: true };
export const WITHOUT_IP: PlainOptions = { ip: false };

const DIGIT = /[0-9]/;
// Every detector needs one of these to match; most words and slugs have none.
const TRIGGER = /[0-9@%&\\:=\uFE6B]|eyJ|BEGIN|bearer|basic|Users|USERS|home|Documents and|\bat\b|[0-9a-f]{2}-[0-9a-f]{2}-/i;
const AT_WORD = /\bat\b/i;
const MAC_HINT = /[0-9a-f]{2}[:-][0-9a-f]{2}[:-]/i;
const MAX_PASSES = 4;

/**
 * Runs every value detector over text that holds no URL (url.ts handles
 * those). Order matters: secrets first (a JWT may hold digit runs), emails
 * before phones (a local part may be digits), sensitive `key=value` pairs
 * and introduced names before the number detectors, coordinates before
 * other numbers (their decimals are digit runs), long validated numbers
 * (IBAN, card, IMEI) before shorter ones (phone, BSN) so a PAN is never
 * half-matched as a BSN, MACs after the numbers (whether six pairs end a MAC
 * depends on what follows them, which must already be final) and before IPs
 * (six hex pairs look like IPv6 groups), and addresses last, after
 * postcodes, so `Damrak 1, [postcode]` reads as one.
 * Detectors that need a digit are skipped when there is none.
 */
export const scrubPlain = (s: string, options: PlainOptions = WITH_IP): string => {
  if (!TRIGGER.test(s) && !NAME_HINT.test(s)) return s;
  // A replacement can change the context another detector looked at (a name
  // label glued to a number that became `[geo]`), so passes repeat until
  // nothing changes: the result is idempotent. Clean text takes one pass.
  let out = s;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = scrubOnce(out, options);
    if (next === out) break;
    out = next;
  }
  return out;
};

/** One pass of every detector, in the order above. */
const scrubOnce = (s: string, options: PlainOptions): string => {
  let out = scrubSecrets(s);
  out = scrubEmails(out);
  if (AT_WORD.test(out)) out = scrubObfuscatedEmails(out);
  if (out.includes('=') || out.includes('":')) out = scrubKeyValues(out);
  out = scrubNames(out);
  const digits = DIGIT.test(out);
  if (digits) {
    if (out.includes('.')) out = scrubCoordinates(out);
    out = scrubIbans(out);
    out = scrubCards(out);
    out = scrubImeis(out);
    out = scrubPhones(out);
    out = scrubSsns(out);
    out = scrubBsns(out);
  }
  if (MAC_HINT.test(out)) out = scrubMacs(out);
  if (digits) {
    if (options.ip) out = scrubIps(out);
    out = scrubPostcodes(out);
    out = scrubAddresses(out);
  } else if (options.ip && out.includes(':')) {
    out = scrubIps(out);
  }
  if (out.includes('Users') || out.includes('home') || out.includes('USERS') || out.includes('Documents and')) {
    out = scrubUserPaths(out);
  }
  return out;
};
