import type { AxeResults, RunOptions } from 'axe-core';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium by default (`apt-get install chromium`); SETTLE_CHROMIUM names another. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.SETTLE_CHROMIUM ?? '/usr/bin/chromium' });
}

/** The text of every cell of the table with this caption, row by row, header and footer included. */
export async function tableRows(page: Page, caption: string): Promise<string[][]> {
  const table = page.getByRole('table', { name: caption, exact: true });
  await table.waitFor();
  return table
    .locator('tr')
    .evaluateAll((rows) =>
      rows.map((row) =>
        Array.from((row as HTMLTableRowElement).cells, (cell) => cell.textContent?.trim() ?? ''),
      ),
    );
}

/** The captions of the tables on the page, in order: which currencies a report shows. */
export function tableCaptions(page: Page): Promise<string[]> {
  return page.locator('table > caption').allTextContents();
}

const screenshotDirectory = fileURLToPath(new URL('../screenshots/', import.meta.url));

/**
 * Saves what the page looks like to test/e2e/screenshots/<name>.png (not committed), so that a
 * change to a page can be looked at, not only asserted.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDirectory, { recursive: true });
  await page.screenshot({ path: join(screenshotDirectory, `${name}.png`), fullPage: true });
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

const axeOptions: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  // Only the violations are read; leaving out the passes' node details makes a run cheaper.
  resultTypes: ['violations'],
};

/**
 * Runs axe-core on the page as it stands (WCAG 2.2 A and AA rules) and returns the serious and
 * critical violations, each as "rule: what is wrong (the elements)", so that a failed check says
 * what to fix.
 *
 * axe-core runs directly, not through @axe-core/playwright: that driver evaluates axe's 500 kB
 * source anew on every check and finishes each run in a new blank page, which cost about a
 * second a check (axe's own run takes a fifth of that). Here the source goes into a page once
 * and stays there while the single-page app moves between its routes. The app has no frames, so
 * the one document is the whole page.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  const injected = await page.evaluate(() => 'axe' in window);
  if (!injected) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (options) => {
    const { axe } = window as unknown as { axe: { run: typeof import('axe-core').run } };
    const results: AxeResults = await axe.run(document, options);
    return results.violations.map((violation) => ({
      id: violation.id,
      help: violation.help,
      impact: violation.impact,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  }, axeOptions);
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.targets.join(', ')})`);
}
