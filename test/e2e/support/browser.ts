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
