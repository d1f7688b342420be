/**
 * Replaces, inside one run of digit groups joined by single separators, every
 * window of whole groups whose digits match: leftmost start first, longest
 * window first, at most `maxDigits` digits. Card numbers and IMEIs are written
 * grouped ("4111 1111 …", "35-209900-…") and may sit beside other numbers in
 * the same run, so every window is tried.
 */
export const replaceGroupWindows = (run: string, separators: RegExp, maxDigits: number, matches: (digits: string) => boolean, placeholder: string): string => {
  const groups = run.split(separators);
  if (groups.length === 1) return matches(run) ? placeholder : run;
  let out = '';
  let pos = 0; // offset of groups[i] in run
  let i = 0;
  while (i < groups.length) {
    let last = -1;
    let digits = '';
    for (let j = i; j < groups.length; j++) {
      digits += groups[j];
      if (digits.length > maxDigits) break;
      if (matches(digits)) last = j;
    }
    const sep = i > 0 ? run[pos - 1] : '';
    if (last < 0) {
      out += sep + groups[i];
      pos += groups[i]!.length + 1;
      i++;
      continue;
    }
    out += sep + placeholder;
    for (; i <= last; i++) pos += groups[i]!.length + 1;
  }
  return out;
};
