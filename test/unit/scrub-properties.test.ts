import { describe, expect, it } from 'vitest';
import { MAX_FIELD, scrub, type ScrubField } from '../../collector/scrub/index.js';
import { corpus } from './scrub-corpus/index.js';

const FIELDS: ScrubField[] = ['url', 'referrer', 'route', 'selector', 'workflow_attr_key', 'workflow_attr_value', 'error_message', 'free_text', 'user_agent'];

/** A seeded generator, so a failure names an input that can be replayed. */
const rng = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x80000000;
};

const GLUE = ['', ' ', '-', '/', '?', '&', '=', '@', '.', ':', '#', ';', '_', '+', '(', ')', '%40', '\u00A0', ',', '[', ']', '"'];
const PIECES = [
  ...corpus.map((c) => c.input),
  'jan@example.com',
  '0612345678',
  '4111111111111111',
  'NL91ABNA0417164300',
  '111222333',
  '10.0.0.1',
  '::1',
  '1012 LG',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln',
  '/Users/jan',
  'https://x.example/a?q=1',
  '12345',
  'v2',
  '2024',
  'Chrome/120.0.0.0',
  'abc',
  'Jan',
  '06',
  '31',
  '+',
  '%',
  '\\',
  '[email]',
  ':id',
  '[redacted]',
  '+4915123456789',
  '00:1a:2b:3c:4d:5e',
  '35-693803-564380-9',
  'jösé@bücher.de',
  'jan [at] x [dot] nl',
  '０６１２３４５６７８',
  '52.370216, 4.895168',
  'Dhr. Jansen',
  'naam: Jan',
  'name=Jan',
  'Kerkstraat 12',
  '12 rue de la Paix',
  'leden/jan-de-vries',
  '[device]',
  '[geo]',
  '[name]',
  '[address]',
  'at',
  'dot',
  'Mr',
  'straat',
];

/** One seed per detector class; none may survive in a text field, whatever surrounds it (fullwidth digits compared folded). */
const SEEDS: [string, string][] = [
  ['phone', '+4915123456789'],
  ['phone', '004915123456789'],
  ['mac', 'f0:18:98:a1:b2:c3'],
  ['mac', 'AC-DE-48-00-11-22'],
  ['imei', '490154203237518'],
  ['imei', '35-693803-564380-9'],
  ['email', 'иван@пример.рф'],
  ['email', 'jan [at] voorbeeld [dot] nl'],
  ['phone', '０６１２３４５６７８'],
  ['iban', 'NL９１ABNA０４１７１６４３００'],
  ['geo', '52.370216, 4.895168'],
  ['name', 'Dhr. Bakker'],
  ['address', 'Kerkstraat 12a'],
  ['address', '221B Baker Street'],
];
const SECRET_PART: Record<string, (seed: string) => string> = {
  phone: (seed) => seed.slice(-6),
  mac: (seed) => seed.slice(-5),
  imei: (seed) => seed.slice(-6),
  email: (seed) => seed.slice(0, 4),
  iban: (seed) => seed.slice(-6),
  geo: (seed) => seed.slice(-6),
  name: () => 'Bakker',
  address: (seed) => seed.split(' ')[0]!,
};
const BENIGN = ['', 'Error: ', 'checkout failed for ', 'see ', '(', '"', 'ok ', 'step 3: '];
const AFTER = ['', ' now', '.', ', retry', ')', '"', ' at step 2', '; code 503'];

/** Random concatenations of corpus inputs and PII fragments with glue between them. */
const compositions = (count: number, seed: number): string[] => {
  const next = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)]!;
  return Array.from({ length: count }, () => {
    let s = '';
    const parts = 1 + Math.floor(next() * 5);
    for (let i = 0; i < parts; i++) s += pick(GLUE) + pick(PIECES);
    return s;
  });
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('scrub properties', () => {
  it('is idempotent on random compositions, in every field', () => {
    const failures: string[] = [];
    for (const input of compositions(1500, 42)) {
      for (const field of FIELDS) {
        const once = scrub(field, input, { key: 'note' });
        const twice = scrub(field, once, { key: 'note' });
        if (twice !== once) failures.push(`${field} ${JSON.stringify(input)} → ${JSON.stringify(once)} → ${JSON.stringify(twice)}`);
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('removes every seeded class whatever text surrounds it, in every text field', () => {
    const next = rng(99);
    const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)]!;
    const leaks: string[] = [];
    for (let i = 0; i < 400; i++) {
      for (const [kind, seed] of SEEDS) {
        const input = pick(BENIGN) + seed + pick(AFTER);
        for (const field of ['free_text', 'error_message', 'workflow_attr_value'] as const) {
          const out = scrub(field, input, { key: 'note' });
          if (out.includes(SECRET_PART[kind]!(seed).normalize('NFKC'))) leaks.push(`${field} ${JSON.stringify(input)} → ${JSON.stringify(out)}`);
        }
      }
    }
    expect(leaks.slice(0, 5)).toEqual([]);
  });

  it('is deterministic', () => {
    for (const input of compositions(300, 7)) {
      for (const field of FIELDS) expect(scrub(field, input)).toBe(scrub(field, input));
    }
  });

  it('never throws and always returns a string, whatever it is given', () => {
    const odd = [undefined, null, 42, {}, [], Symbol.iterator] as unknown as string[];
    for (const value of odd) {
      for (const field of FIELDS) expect(typeof scrub(field, value)).toBe('string');
    }
    expect(scrub('nonsense' as ScrubField, 'jan@example.com')).toBe('[redacted]');
  });

  it('drops NUL, controls and bidi/zero-width marks before scanning, and repairs lone surrogates', () => {
    expect(scrub('free_text', 'jan\u0000@example.com')).toBe('[email]');
    expect(scrub('free_text', 'jan\u202E@exa\u200Bmple.com')).toBe('[email]');
    expect(scrub('free_text', '06\u2066-1234\u20695678')).toBe('[phone]');
    expect(scrub('free_text', 'a\uD800b\uDC00c')).toBe('a\uFFFDb\uFFFDc');
    expect(scrub('free_text', 'emoji 👩‍💻 ok')).toBe('emoji 👩‍💻 ok');
    for (const field of FIELDS) {
      const out = scrub(field, '\uDFFF\u0000x\uD83D');
      expect(LONE_SURROGATE.test(out)).toBe(false);
      expect(out).not.toContain('\u0000');
    }
  });

  it('cuts 100 KB inputs to the cap and still scrubs what it keeps', () => {
    const line = 'user jan@example.com paid 4111 1111 1111 1111 from 10.0.0.1, see https://x.example/u/123456?q=jan ';
    const big = line.repeat(Math.ceil(100_000 / line.length));
    for (const field of FIELDS) {
      const out = scrub(field, big, { key: 'note' });
      expect(out.length).toBeLessThanOrEqual(MAX_FIELD);
      expect(out).not.toContain('jan@example.com');
      expect(out).not.toContain('4111 1111 1111 1111');
      expect(out).not.toMatch(/q=jan/);
      expect(scrub(field, out, { key: 'note' })).toBe(out);
    }
    // A cut never leaves the head of a token behind: it lands on whitespace.
    const out = scrub('free_text', `${'x '.repeat(4095)}jan@example.com`);
    expect(out).not.toContain('jan');
  });

  it('finishes on backtracking bait in every field', () => {
    const n = 50_000;
    const baits = [
      'a'.repeat(n),
      '1'.repeat(n),
      '0 '.repeat(n),
      '1-'.repeat(n),
      '+(1)'.repeat(n),
      '06 '.repeat(n),
      'a:'.repeat(n),
      ':'.repeat(n),
      '1.'.repeat(n),
      '1.1.1.'.repeat(n),
      'ab::'.repeat(n),
      `eyJ${'a'.repeat(n)}.`,
      `eyJ${'a.'.repeat(n)}`,
      '-----BEGIN '.repeat(n),
      '['.repeat(n),
      `[a="${'\\"'.repeat(n)}`,
      `[a=${' s'.repeat(n)}x`,
      `${'x'.repeat(n)}@`,
      '@'.repeat(n),
      `${'a.'.repeat(n)}@`,
      `a@${'b.'.repeat(n)}`,
      'a@a@'.repeat(n),
      '%40'.repeat(n),
      'Bearer '.repeat(n),
      '%'.repeat(n),
      '/'.repeat(n),
      '?&=;'.repeat(n),
      '#/'.repeat(n),
      'https://'.repeat(n),
      'NL91 '.repeat(n),
      'NL91ABNA'.repeat(n),
      '1234 AB'.repeat(n),
      'C:\\Users\\'.repeat(n),
      'sk_live_'.repeat(n),
      'f'.repeat(n),
      'aZ3'.repeat(n),
      '\uD800'.repeat(n),
      '\u202E'.repeat(n),
      // The detectors for names, addresses, coordinates, device ids, obfuscated emails, pairs and Unicode digits.
      'Mr '.repeat(n),
      'Dhr. J. van '.repeat(n),
      'Aa '.repeat(n),
      'A'.repeat(n),
      'Kerkstraat '.repeat(n),
      '12 '.repeat(n),
      '1 rue de '.repeat(n),
      '52.1234 '.repeat(n),
      '52.1234,'.repeat(n),
      'ab:'.repeat(n),
      'ab-'.repeat(n),
      '35-'.repeat(n),
      'a='.repeat(n),
      '"a":'.repeat(n),
      'name='.repeat(n),
      'x [at] '.repeat(n),
      'x at y dot '.repeat(n),
      'ä@'.repeat(n),
      'ä.'.repeat(n),
      '１'.repeat(n),
      '٣ '.repeat(n),
      '+49'.repeat(n),
      '00'.repeat(n),
      'lat='.repeat(n),
    ];
    for (const bait of baits) {
      for (const field of FIELDS) {
        const out = scrub(field, bait, { key: 'note' });
        expect(typeof out).toBe('string');
        expect(out.length).toBeLessThanOrEqual(MAX_FIELD);
      }
    }
  });
});
