/**
 * The read token lives in sessionStorage: it survives reloads of this tab,
 * never leaves for other tabs or after the browser closes, and is sent only
 * in an Authorization header (no cookie, so no CSRF surface).
 */
const KEY = 'percept.readToken';

export const readToken = (): string | null => sessionStorage.getItem(KEY);
export const keepToken = (token: string): void => sessionStorage.setItem(KEY, token);
export const forgetToken = (): void => sessionStorage.removeItem(KEY);
