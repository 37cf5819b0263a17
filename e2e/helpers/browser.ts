// Chromium for browser tests: the system's /usr/bin/chromium driven by playwright-core (never a downloaded
// browser), headless, WebGL through SwiftShader for MapLibre. Each page records console errors, page errors and
// failed answers, so that a test fails on any of them unless it said it expected one.
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.SOCLE_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

export interface WatchedPage {
  page: Page;
  /** Problems seen since the last `takeProblems`. */
  takeProblems(): string[];
  /** Answers with this status on a URL containing `urlPart` are expected (a rejected import is a 422). */
  expectFailure(urlPart: string, status: number): void;
}

/** Messages Chromium itself prints that say nothing about the app (SwiftShader's performance notes). */
const NOISE = [/GPU stall due to ReadPixels/, /GL Driver Message/, /Automatic fallback to software WebGL/];

export const watchPage = (page: Page): WatchedPage => {
  const problems: string[] = [];
  const expected: { urlPart: string; status: number }[] = [];
  const isExpected = (url: string, status?: number) => expected.some((e) => url.includes(e.urlPart) && (status === undefined || status === e.status));
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    const text = m.text();
    if (NOISE.some((n) => n.test(text))) return;
    // Chromium logs every 4xx answer as a console error; those the test expects are not problems.
    if (/Failed to load resource/.test(text) && isExpected(m.location().url)) return;
    if (m.type() === 'error') problems.push(`console : ${text} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`erreur de page : ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !isExpected(r.url(), r.status())) problems.push(`réponse ${r.status()} : ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    // A download or a navigation away cancels requests; only real failures count.
    const failure = r.failure()?.errorText ?? '';
    if (!/ERR_ABORTED/.test(failure)) problems.push(`requête échouée : ${r.url()} (${failure})`);
  });
  return {
    page,
    takeProblems: () => problems.splice(0),
    expectFailure: (urlPart, status) => expected.push({ urlPart, status }),
  };
};

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe-core on the current page: the serious and critical violations (WCAG 2.1 A and AA rules). */
export const seriousViolations = async (page: Page): Promise<AxeFinding[]> => {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
};
