import { P } from './placeholders.js';

/**
 * Street addresses in free text (docs/privacy.md): a street word and a
 * house number, with or without a postcode. Three spellings:
 *  - Dutch/German, the street type as a suffix, number after:
 *    `Kerkstraat 12a`, `Van Baerlestraat 5-II`, `Prins Hendrikkade 12`,
 *    `Hauptstraße 5`;
 *  - the street type first, number after: `Laan van Meerdervoort 123`,
 *    `Via Roma 12`, `Calle Mayor 5`;
 *  - English and French, number first: `221B Baker Street`, `123 Main St`,
 *    `12 rue de la Paix`.
 * Any capitalised street name and number right before a Dutch postcode is an
 * address too (`Damrak 1, 1012 LG`): the postcode detector has run by then.
 * The street and number become `[address]`; the postcode keeps its own
 * placeholder.
 */

const WORD = String.raw`\p{Lu}[\p{L}\p{M}'’.-]{0,30}`;
const PARTICLE = String.raw`(?:van|de|der|den|het|'t|ter|ten|te|op|aan|bij|la|le|del|della|de la|do|da|dos|du|des|di|von|am|an|der)`;
const NUMBER = String.raw`[0-9]{1,5}(?:-?[A-Za-z](?![\p{L}\p{N}])|[-/][0-9]{1,4}(?![0-9])|-[IVX]{1,4}(?![\p{L}\p{N}]))?(?![\p{L}\p{N}]|[.,][0-9])`;
const SUFFIX = String.raw`(?:straat|laan|weg|plein|gracht|kade|singel|dijk|steeg|dreef|hof|markt|baan|plantsoen|straße|strasse|str\.|gasse|allee|damm|platz|gata|gatan|vej|gade)`;

const SUFFIX_STREET = String.raw`(?:(?:${WORD}|${PARTICLE})\s){0,3}\p{Lu}[\p{L}\p{M}'’-]{0,30}?${SUFFIX}\s{1,2}${NUMBER}`;
const PREFIX_STREET = String.raw`(?:Laan|Plein|Straat|Kade|Weg|Dreef|Singel|Via|Viale|Calle|Avenida|Rua|Piazza|Plaza|Carrer|Rue|Avenue|Boulevard)\s(?:(?:${WORD}|${PARTICLE})\s){1,4}${NUMBER}`;
const EN_FR_STREET = String.raw`(?<![\p{L}\p{N}.,])[0-9]{1,5}[A-Za-z]?,?\s(?:(?:${WORD}\s){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Boulevard|Blvd|Drive|Court|Ct|Place|Square|Sq|Terrace|Way|Close|Crescent|Parkway|Highway|Hwy)\b\.?|(?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai)\s(?:(?:${WORD}|${PARTICLE}|l'|d')\s?){1,5}(?<!\s))`;
const BEFORE_POSTCODE = String.raw`(?:${WORD}\s(?:(?:${WORD}|${PARTICLE})\s){0,3})${NUMBER}(?=,?\s{1,2}\[postcode\])`;

const ADDRESS = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${SUFFIX_STREET}|${PREFIX_STREET}|${BEFORE_POSTCODE})|${EN_FR_STREET}`, 'gu');

// Every spelling has a word and a number side by side; digit runs and lists of numbers have not.
const HINT = /\p{L}\.?\s{1,2}[0-9]|[0-9][A-Za-z]?,?\s\p{L}/u;

/** Replaces every street address in `s` with `[address]`. */
export const scrubAddresses = (s: string): string => (HINT.test(s) ? s.replace(ADDRESS, P.address) : s);
