import type { z } from 'zod';

/** One reason a batch or event was refused, addressed by a path a person can read. */
export interface Problem {
  /** e.g. `events[3].value` or `batch_id`. */
  path: string;
  message: string;
}

/** Formats a zod path as `events[3].attrs.plan`. */
export const formatPath = (path: readonly PropertyKey[], prefix = ''): string => {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(body)';
};

/** Turns zod issues into problems, one per offending field. */
export const toProblems = (error: z.ZodError, prefix = ''): Problem[] =>
  error.issues.flatMap((issue) =>
    // One problem per unknown key, so the path names the field itself.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key], prefix), message: 'unknown field' }))
      : [{ path: formatPath(issue.path, prefix), message: issue.message }],
  );
