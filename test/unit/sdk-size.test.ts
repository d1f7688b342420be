import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { describe, expect, test } from 'vitest';

/**
 * The SDK's byte budget, brotli quality 11 (what a CDN serves for static
 * assets): the measured size rounded up to the next 50 B, so growth past it is
 * a decision. The IIFE's 5,450 B is the script-tag budget the issue asked to
 * keep. The goal is 5,000 B for the IIFE; web-vitals 6.2 alone,
 * trimmed to what the SDK runs (rollup.config.mjs), is ~2.5 KB of it, and
 * every required feature did not fit in the rest: docs/sdk.md ("Bytes") says
 * what getting under 5,000 B would cost. `npm test` builds dist/ before vitest.
 */
const BUDGET = { 'percept.js': 5450, 'percept.mjs': 5350 };

const brotli = (file: string): number =>
  brotliCompressSync(readFileSync(join(process.cwd(), 'dist', file)), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;

describe('SDK size', () => {
  for (const [file, budget] of Object.entries(BUDGET))
    test(`dist/${file} is at most ${budget} B brotli`, () => {
      const size = brotli(file);
      expect(size, `dist/${file} is ${size} B brotli; the budget is ${budget} B`).toBeLessThanOrEqual(budget);
    });

  test('zod never reaches the bundle', () => {
    for (const file of Object.keys(BUDGET)) expect(readFileSync(join(process.cwd(), 'dist', file), 'utf8')).not.toMatch(/zod|ZodError/);
  });
});
