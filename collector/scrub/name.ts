import { P } from './placeholders.js';

/**
 * Person names introduced by a salutation (`Dhr.`, `Mevr.`, `Mr`, `Mrs`,
 * `Dear`, `Geachte heer`) or a label (`naam:`, `name:`, `Klant:`), (docs/privacy.md).
 * A name has no shape of its own, so only what follows such an
 * introduction is read as one: up to five words, each a capitalised word, an
 * initial (`J.`) or a surname particle (`van der`), ending on a capitalised
 * word. The salutation or label stays; the name becomes `[name]`.
 * `name=value` is handled with the other sensitive keys (key-values.ts).
 */

const SALUTATION = String.raw`(?<![\p{L}\p{N}])(?:Dhr|dhr|Mevr|mevr|Mw|mw|Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Herr|Frau|Mme|Mlle|Sr|Sra|Dear|Beste|Geachte(?: heer| mevrouw)?|[Hh]eer|[Mm]evrouw|[Mm]eneer)\.?`;
const LABEL = String.raw`(?<![\p{L}\p{N}_])(?:[Nn]aam|NAAM|[Nn]ame|NAME|[Vv]oornaam|[Aa]chternaam|[Ff]irst ?name|[Ll]ast ?name|[Ff]ull ?name|[Ss]urname|[Kk]lant|[Cc]ustomer|[Cc]ontact|[Pp]atiënt|[Pp]atient)\s{0,2}:`;
// Capitalised, possibly double-barrelled (`Doe-Smith`); each part starts after its `-`, so the split is unique.
const CAP_WORD = String.raw`\p{Lu}[\p{Ll}\p{M}'’]{1,30}(?:-\p{Lu}?[\p{Ll}\p{M}'’]{1,30}){0,2}`;
const INITIAL = String.raw`\p{Lu}\.`;
const PARTICLE = String.raw`(?:van|de|der|den|het|'t|ter|ten|te|op|in|von|zu|la|le|du|da|di|del|della|dos|das|bin|al|el|St\.)`;
const NAME = String.raw`(?:(?:${INITIAL}|${PARTICLE}|${CAP_WORD})\s{1,2}){0,4}${CAP_WORD}(?![\p{L}\p{N}])`;
const INTRODUCED = new RegExp(String.raw`(${SALUTATION}|${LABEL})(\s{0,3})${NAME}`, 'gu');

/** A cheap test: is there any word that could introduce a name? */
export const NAME_HINT =
  /(?:Dhr|Mevr|Mw|Mr|Ms|Mx|Miss|Dr|Prof|Herr|Frau|Mme|Mlle|Sr|Dear|Beste|Geachte|heer|mevrouw|meneer|naam|name|klant|customer|contact|patient|patiënt)/i;

/** Replaces every name after a salutation or label in `s` with `[name]`. */
export const scrubNames = (s: string): string => (NAME_HINT.test(s) ? s.replace(INTRODUCED, (_m, intro: string, gap: string) => `${intro}${gap}${P.name}`) : s);
