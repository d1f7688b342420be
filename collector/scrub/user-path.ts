import { P } from './placeholders.js';

/**
 * Home-directory paths lose the user name: `C:\Users\jan`, `/Users/jan`,
 * `/home/jan`, `C:\Documents and Settings\jan`, also with JSON-escaped
 * backslashes. Case-sensitive on purpose: `/users/settings` in prose is an
 * app route, `Users`/`home` are what operating systems write.
 */

const USER_PATH = /(?<![A-Za-z0-9_.-])((?:[A-Za-z]:)?(?:\\{1,2}|\/)(?:Users|USERS|home|Documents and Settings)(?:\\{1,2}|\/))([^\\/\s"'`<>:;|*?()[\]]{1,64})/g;
// Not people: shared folders every machine has.
const SHARED = new Set(['public', 'shared', 'default', 'default user', 'all users']);

/** Replaces the user-name component of home-directory paths in `s` with `[user]`. */
export const scrubUserPaths = (s: string): string =>
  s.replace(USER_PATH, (m, prefix: string, name: string) => (SHARED.has(name.toLowerCase()) ? m : prefix + P.user));
