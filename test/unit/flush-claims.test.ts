import { describe, expect, it } from 'vitest';
import { yieldedTo } from '../../collector/flush/stored-batches.js';

describe('yieldedTo: which batches a segment leaves to another collector', () => {
  const claims = (entries: Record<string, string[]>) => new Map(Object.entries(entries));

  it('keeps batches nobody else claimed, and leaves any claimed elsewhere before it claimed', () => {
    expect(yieldedTo(claims({ a: ['0002-mine'] }), '0002-mine')).toEqual(new Set());
    expect(yieldedTo(claims({ a: ['0003-other'], b: [''] }), '0002-mine')).toEqual(new Set(['a', 'b']));
  });

  it('once both claimed, the smaller (earlier) segment wins, seen from either side', () => {
    const both = claims({ a: ['0001-early', '0002-late'] });
    expect(yieldedTo(both, '0001-early')).toEqual(new Set());
    expect(yieldedTo(both, '0002-late')).toEqual(new Set(['a']));
  });

  it('treats rows from before claims existed as stored', () => {
    expect(yieldedTo(claims({ a: ['', '0002-mine'] }), '0002-mine')).toEqual(new Set(['a']));
  });
});
