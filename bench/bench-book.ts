import type { Actor } from '../src/core/actor.js';
import { calendarDateAt } from '../src/core/calendar-date.js';
import { now } from '../src/core/clock.js';
import { analyzeDemo, writeDemo } from '../src/demo/create-demo.service.js';
import { periodStartFor, planBook } from '../src/demo/generator/generate-book.js';
import type { Database } from '../src/platform/db/database.js';

/**
 * Generates and loads, part by part, a book of `invoices` invoices over the 15 months up to today (seed 1, one customer per
 * 50 invoices, EUR) with the demo loader, then refreshes the planner's statistics:
 * the book the API and payment benchmarks measure against.
 */
export async function loadGeneratedBook(
  database: Database,
  actor: Actor,
  invoices: number,
  label: string,
  say: (line: string) => void,
): Promise<{ readonly customers: number }> {
  const today = calendarDateAt(now(), 'UTC');
  const plan = planBook({
    seed: 1,
    customers: Math.max(1, Math.round(invoices / 50)),
    invoices,
    startOn: periodStartFor(today, 15),
    months: 15,
    currency: 'EUR',
    today,
  });
  say(`generating and loading ${invoices.toLocaleString('en')} invoices…`);
  await writeDemo(database, actor, plan, label);
  await analyzeDemo(database);
  return { customers: plan.customers.length };
}
