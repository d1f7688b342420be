import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inSample } from '../../collector/pipeline/sample.js';

const sessions = Array.from({ length: 2000 }, (_, i) => `sess-${String(i).padStart(8, '0')}`);
const share = (app: string, rate: number) => sessions.filter((session) => inSample(app, session, rate)).length / sessions.length;

describe('inSample', () => {
  it('keeps every session at 1 and none at 0', () => {
    expect(share('shop', 1)).toBe(1);
    expect(share('shop', 0)).toBe(0);
  });

  it('keeps close to the rate of sessions', () => {
    for (const rate of [0.1, 0.5, 0.9]) expect(Math.abs(share('shop', rate) - rate)).toBeLessThan(0.04);
  });

  it('is the first four bytes of sha256(app NUL session) as a fraction of 2^32', () => {
    const fraction = createHash('sha256').update('shop\0sess-00000042').digest().readUInt32BE(0) / 2 ** 32;
    expect(inSample('shop', 'sess-00000042', fraction)).toBe(false);
    expect(inSample('shop', 'sess-00000042', fraction + 1e-9)).toBe(true);
  });

  it('nests: a session kept at a rate is kept at every higher rate', () => {
    for (const session of sessions.filter((s) => inSample('shop', s, 0.2))) expect(inSample('shop', session, 0.5)).toBe(true);
  });

  it('decides per app, so one session id is sampled independently in each', () => {
    const both = sessions.filter((session) => inSample('shop', session, 0.5) && inSample('blog', session, 0.5)).length / sessions.length;
    expect(Math.abs(both - 0.25)).toBeLessThan(0.04);
  });
});
