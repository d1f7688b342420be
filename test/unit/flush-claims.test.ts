import { describe, expect, it } from 'vitest';
import { yieldedTo, type Claim } from '../../collector/flush/stored-batches.js';

describe('yieldedTo: which batches a segment leaves to another collector', () => {
  /** Claims by batch key; a bare name is a claim whose commit order is unknown (block 0). */
  const claims = (entries: Record<string, (string | Claim)[]>) =>
    new Map(Object.entries(entries).map(([key, list]) => [key, list.map((c) => (typeof c === 'string' ? { claim: c, block: 0 } : c))]));

  it('keeps batches nobody else claimed, and leaves any claimed elsewhere before it claimed', () => {
    expect(yieldedTo(claims({ a: ['0002-mine'] }), '0002-mine')).toEqual(new Set());
    expect(yieldedTo(claims({ a: ['0003-other'], b: [''] }), '0002-mine')).toEqual(new Set(['a', 'b']));
  });

  it('once both claimed, the claim committed first wins, seen from either side, even when its segment is newer', () => {
    const both = claims({
      a: [
        { claim: '0002-late', block: 7 },
        { claim: '0001-early', block: 9 },
      ],
    });
    expect(yieldedTo(both, '0002-late')).toEqual(new Set());
    expect(yieldedTo(both, '0001-early')).toEqual(new Set(['a']));
  });

  it('falls back to the smaller (earlier) segment when the commit order is not known', () => {
    const both = claims({ a: ['0001-early', '0002-late'] });
    expect(yieldedTo(both, '0001-early')).toEqual(new Set());
    expect(yieldedTo(both, '0002-late')).toEqual(new Set(['a']));
  });

  it('treats rows from before claims existed as stored', () => {
    expect(yieldedTo(claims({ a: ['', '0002-mine'] }), '0002-mine')).toEqual(new Set(['a']));
    expect(
      yieldedTo(
        claims({
          a: [
            { claim: '', block: 1 },
            { claim: '0002-mine', block: 5 },
          ],
        }),
        '0002-mine',
      ),
    ).toEqual(new Set(['a']));
  });
});
