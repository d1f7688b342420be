import { exact, same, type Case } from './types.js';

/** User agents: non-IP patterns only (docs/privacy.md, user_agent row; Relay #1375/#2641). */
export const uaCases: Case[] = [
  same('user_agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'),
  same('user_agent', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Version/17.1 Mobile/15E148 Safari/604.1'),
  same('user_agent', 'Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 Chrome/120.0.6099.144 Mobile Safari/537.36'),
  same('user_agent', 'MyApp/4.2.0.1 (build 10.0.0.1)'),
  same('user_agent', 'Googlebot/2.1 (+http://www.google.com/bot.html)'),
  exact('user_agent', 'MyApp/1.0 (contact jan@example.com)', 'MyApp/1.0 (contact [email])'),
  exact('user_agent', 'Dalvik/2.1.0 IMEI/356938035643809', 'Dalvik/2.1.0 IMEI/[device]'),
  exact('user_agent', 'Agent/1.0 token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln', 'Agent/1.0 token=[jwt]'),
];
