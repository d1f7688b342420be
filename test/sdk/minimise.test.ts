import { beforeEach, expect, test, vi } from 'vitest';
import { selector } from '../../sdk/selector.js';
import { IDLE_MS, createSession, sampled } from '../../sdk/session.js';
import { cleanUrl } from '../../sdk/url.js';

beforeEach(() => sessionStorage.clear());

test('URLs lose query, fragment and userinfo except allowlisted parameters', () => {
  expect(cleanUrl('https://u:p@shop.example/orders/12345?email=a%40b.nl&utm_source=mail&q=x#/secret', ['utm_source'])).toBe(
    'https://shop.example/orders/12345?utm_source=mail',
  );
  expect(cleanUrl('https://shop.example/a?token=abc', [])).toBe('https://shop.example/a');
  expect(cleanUrl('/relative/path?x=1', [])).toBe(new URL('/relative/path', location.href).href);
  expect(cleanUrl('data:image/png;base64,AAAA', [])).toBe('data:');
  // Already minimal: returned as is, without the URL parser; userinfo still goes.
  expect(cleanUrl('https://shop.example/orders/12345', [])).toBe('https://shop.example/orders/12345');
  expect(cleanUrl('https://jan@shop.example/a', [])).toBe('https://shop.example/a');
  expect(cleanUrl(`https://shop.example/${'a'.repeat(3000)}`, [])).toHaveLength(2048);
});

test('selectors hold tag, id and classes only: no text, values or other attributes', () => {
  document.body.innerHTML =
    '<main class="page"><form><input name="email" value="jan@example.nl" title="Jan" class="field wide"><span>Jan Jansen</span></form></main>';
  const input = document.querySelector('input')!;
  const sel = selector(input)!;
  expect(sel).toBe('html>body>main.page>form>input.field.wide');
  expect(sel).not.toMatch(/jan|email|Jan/);
  document.body.innerHTML = '<div id="app"><p><b>secret text</b></p></div>';
  expect(selector(document.querySelector('b'))).toBe('#app>p>b');
  expect(selector(null)).toBeUndefined();
});

test('the session id lives in sessionStorage and is renewed after 30 idle minutes', () => {
  const now = Date.now();
  const a = createSession();
  const id = a._id(now);
  a._save();
  expect(sessionStorage.getItem('percept_session')).toContain(id);
  // Another page of the same tab keeps the session while active.
  expect(createSession()._id(now + IDLE_MS)).toBe(id);
  expect(createSession()._id(now + IDLE_MS + 1)).not.toBe(id);
  expect(a._id(now + 10)).toBe(id);
  expect(a._id(now + 10 + IDLE_MS + 1)).not.toBe(id);
});

test('the session lives in memory when storage is unavailable', () => {
  vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
    throw new Error('SecurityError');
  });
  const s = createSession();
  expect(() => s._save()).not.toThrow();
  expect(s._id()).toBe(s._id());
  vi.restoreAllMocks();
});

test('sampling is a stable function of the session id', () => {
  // 'AAAA' is 24 zero bits, '____' (read as '////') 24 one bits, 'gAAA' exactly half.
  expect(sampled('AAAAxxxxxxxxxxxx', 0.01)).toBe(true);
  expect(sampled('____xxxxxxxxxxxx', 0.99)).toBe(false);
  expect(sampled('gAAAxxxxxxxxxxxx', 0.5)).toBe(false);
  expect(sampled('f___xxxxxxxxxxxx', 0.5)).toBe(true);
  expect(sampled('____xxxxxxxxxxxx', 1)).toBe(true);
  expect(sampled('AAAAxxxxxxxxxxxx', 0)).toBe(false);
  const ids = Array.from({ length: 4000 }, () => createSession()._id());
  expect(ids.every((s) => /^[A-Za-z0-9_]{16}$/.test(s))).toBe(true);
  const share = ids.filter((s) => sampled(s, 0.25)).length / ids.length;
  expect(share).toBeGreaterThan(0.2);
  expect(share).toBeLessThan(0.3);
});
