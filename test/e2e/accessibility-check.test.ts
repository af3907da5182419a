// The accessibility check the page tests rely on (support/browser.ts) must see a real violation:
// a page with an unnamed button and an input without a label fails it, the same page fixed passes.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, seriousAccessibilityViolations } from './support/browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function violationsOf(html: string, changeAfterFirstCheck?: string): Promise<string[]> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.setContent(html);
    const first = await seriousAccessibilityViolations(page);
    if (changeAfterFirstCheck === undefined) return first;
    expect(first).toEqual([]);
    await page
      .locator('main')
      .evaluate(
        (main, added) => main.insertAdjacentHTML('beforeend', added),
        changeAfterFirstCheck,
      );
    return await seriousAccessibilityViolations(page);
  } finally {
    await context.close();
  }
}

const page = (body: string) =>
  `<!doctype html><html lang="en"><head><title>Check</title></head><body><main><h1>Check</h1>${body}</main></body></html>`;

describe('the accessibility check', () => {
  it('finds an unnamed button and an unlabelled field', async () => {
    const found = await violationsOf(page('<button></button><input type="text">'));
    const rules = found.map((violation) => violation.split(':')[0]);
    expect(rules).toContain('button-name');
    expect(rules).toContain('label');
  });

  it('passes the same page with a name and a label', async () => {
    const found = await violationsOf(
      page('<button>Save</button><label>Name <input type="text"></label>'),
    );
    expect(found).toEqual([]);
  });

  // axe stays in a page between checks, as a single-page app keeps its window between routes: a
  // second check must still see what changed on the page since the first.
  it('finds a field added to a page after the page passed a first check', async () => {
    const found = await violationsOf(
      page('<button>Save</button>'),
      '<input type="text" name="added">',
    );
    expect(found.map((violation) => violation.split(':')[0])).toContain('label');
  });
});
