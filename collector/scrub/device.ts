import { luhnOk } from './card.js';
import { replaceGroupWindows } from './group-windows.js';
import { P } from './placeholders.js';

/**
 * Device identifiers in any field (docs/privacy.md): MAC addresses (six
 * hex pairs split by `:` or `-`, one separator throughout) and IMEIs (15
 * digits passing Luhn, whose first two digits name a GSMA reporting body),
 * plain or grouped with single spaces or dashes (`35-209900-176148-1`).
 */

const MAC = /(?<![0-9A-Fa-f:-])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![0-9A-Za-z]|[:-][0-9A-Fa-f])/g;

// Digit groups joined by single separators: the split is unique, matching linear.
const RUN = /(?<![0-9A-Za-z+.,])[0-9]{1,64}(?:[ -][0-9]{1,64}){0,64}(?![0-9A-Za-z]|[.,][0-9])/g;
const SEPARATORS = /[ -]/;

/*
 * Reporting-body identifiers, the first two digits of every IMEI's type
 * allocation code (GSMA TS.06): 01 PTCRB, 10 DECT, 30 Iridium, 33 DGPT,
 * 35/44/98 BABT, 45 NTA, 49/50 BZT, 51/52 Cetecom, 53 TÜV, 54 Phoenix,
 * 86 TAF, 91 MSAI, 99 GHA. Other 15-digit numbers are not IMEIs.
 */
const REPORTING_BODIES = new Set(['01', '10', '30', '33', '35', '44', '45', '49', '50', '51', '52', '53', '54', '86', '91', '98', '99']);

/** True when `digits` (digits only) is a plausible IMEI. */
export const isImei = (digits: string): boolean => digits.length === 15 && REPORTING_BODIES.has(digits.slice(0, 2)) && luhnOk(digits);

/** Replaces the IMEIs in one run of digit groups; every window of whole groups is tried. */
const scrubRun = (run: string): string => (run.length < 15 ? run : replaceGroupWindows(run, SEPARATORS, 15, isImei, P.device));

/** Replaces every MAC address in `s` with `[device]`. */
export const scrubMacs = (s: string): string => s.replace(MAC, P.device);

/** Replaces every IMEI in `s` with `[device]`. */
export const scrubImeis = (s: string): string => s.replace(RUN, scrubRun);
