import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium: Playwright's own browser downloads cannot reach this network. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * The flags every run uses. Background networking, component updates and sync
 * are off because this machine's closed network refuses their connections, and
 * QUIC is off so every beacon goes over the TCP the recording server speaks.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

let warned = false;

/**
 * Whether Chromium can run here. In CI a missing browser is an error, never a
 * silent skip; on a developer's machine the e2e tests skip with a loud reason.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true') {
    throw new Error(`Chromium is required in CI: apt-get install -y chromium (nothing at ${CHROMIUM_PATH})`);
  }
  if (!warned) {
    warned = true;
    console.warn(`\n*** e2e SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install it with: apt-get install -y chromium ***\n`);
  }
  return false;
}

/**
 * Launches headless Chromium with a fresh temporary profile (Playwright makes
 * one per launch). Playwright's default `--disable-back-forward-cache` is
 * dropped so bfcache restores happen as they do for real users.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  });
}
