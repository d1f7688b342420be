import { scrubBsns, scrubSsns } from './bsn.js';
import { scrubCards } from './card.js';
import { scrubEmails } from './email.js';
import { scrubIbans } from './iban.js';
import { scrubIps } from './ip.js';
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
const TRIGGER = /[0-9@%&\\:]|eyJ|BEGIN|bearer|basic|Users|USERS|home|Documents and/i;

/**
 * Runs every value detector over text that holds no URL (url.ts handles
 * those). Order matters: secrets first (a JWT may hold digit runs), emails
 * before phones (a local part may be digits), long validated numbers (IBAN,
 * card) before shorter ones (phone, BSN) so a PAN is never half-matched as a BSN.
 * Detectors that need a digit are skipped when there is none.
 */
export const scrubPlain = (s: string, options: PlainOptions = WITH_IP): string => {
  if (!TRIGGER.test(s)) return s;
  let out = scrubSecrets(s);
  out = scrubEmails(out);
  if (DIGIT.test(out)) {
    out = scrubIbans(out);
    out = scrubCards(out);
    out = scrubPhones(out);
    out = scrubSsns(out);
    out = scrubBsns(out);
    if (options.ip) out = scrubIps(out);
    out = scrubPostcodes(out);
  } else if (options.ip && out.includes(':')) {
    out = scrubIps(out);
  }
  if (out.includes('Users') || out.includes('home') || out.includes('USERS') || out.includes('Documents and')) {
    out = scrubUserPaths(out);
  }
  return out;
};
