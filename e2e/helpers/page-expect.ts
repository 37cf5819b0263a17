// Waiting assertions on page elements for vitest (playwright-core has no test runner matchers): each polls the
// element until it holds or the time is up, and then fails with what was seen.
import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

const WAIT = { timeout: 30_000, interval: 100 };

const textOf = (l: Locator): Promise<string> =>
  l
    .first()
    .innerText({ timeout: 1000 })
    .then((t) => t.trim())
    .catch(() => '');

export const expectText = async (l: Locator, text: string): Promise<void> => {
  await expect.poll(() => textOf(l), WAIT).toBe(text);
};

export const expectContains = async (l: Locator, part: string | RegExp): Promise<void> => {
  if (typeof part === 'string') await expect.poll(() => textOf(l), WAIT).toContain(part);
  else await expect.poll(() => textOf(l), WAIT).toMatch(part);
};

export const expectCount = async (l: Locator, n: number): Promise<void> => {
  await expect.poll(() => l.count(), WAIT).toBe(n);
};

export const expectVisible = async (l: Locator): Promise<void> => {
  await l.first().waitFor({ state: 'visible', timeout: WAIT.timeout });
};

export const expectAttribute = async (l: Locator, name: string, value: string): Promise<void> => {
  await expect.poll(() => l.first().getAttribute(name), WAIT).toBe(value);
};
