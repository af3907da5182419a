import { AxeBuilder } from '@axe-core/playwright';
import { mkdir } from 'node:fs/promises';
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

/**
 * Runs axe-core on the page as it stands (WCAG 2.2 A and AA rules) and returns the serious and
 * critical violations, each as "rule: what is wrong (the elements)", so that a failed check says
 * what to fix. The pages must come from browser.newContext(), as axe's Playwright driver needs.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    );
}
