export type Verdict = 'regressed' | 'improved' | 'no change' | 'not enough data';

/**
 * The verdict of one comparison. `worse` is the sign of the change for the
 * user: +1 when release A is slower (or completes less), −1 when better.
 * Significance is judged on the corrected p-value only.
 */
export const verdictOf = (enough: boolean, pAdjusted: number | null, alpha: number, worse: number): Verdict => {
  if (!enough || pAdjusted === null) return 'not enough data';
  if (pAdjusted >= alpha || worse === 0) return 'no change';
  return worse > 0 ? 'regressed' : 'improved';
};
