// Lower areas leave the work of higher ones to hooks (src/ledger/application-hooks.ts,
// src/invoicing/invoice-hooks.ts): a payment
// keeps the promise it covers only if the process registered them. The test workers register them
// in their setup, so this file checks the real entry points in fresh processes that do not.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

async function hookNamesAfter(script: string): Promise<string[]> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: root },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as string[];
}

const names = `import { applicationsPostedHookNames } from './src/ledger/application-hooks.ts';
  import { creditNoteIssuedHookNames, invoiceIssuedHookNames } from './src/invoicing/invoice-hooks.ts';
  const allHookNames = () => [
    ...applicationsPostedHookNames(),
    ...invoiceIssuedHookNames(),
    ...creditNoteIssuedHookNames(),
  ];`;

describe('every entry point registers the hooks', () => {
  it('none are registered in a process that has not started Settle', async () => {
    expect(await hookNamesAfter(`${names} console.log(JSON.stringify(allHookNames()));`)).toEqual(
      [],
    );
  });

  it('the CLI registers them', async () => {
    const script = `${names} import { buildProgram } from './src/cli/main.ts';
      await buildProgram(); console.log(JSON.stringify(allHookNames()));`;
    expect(await hookNamesAfter(script)).toEqual([
      'commitments.fulfilled',
      'messaging.send_invoice',
      'rendering.queue_invoice_pdf',
      'rendering.queue_credit_note_pdf',
    ]);
  });

  // The CLI loads only the command that runs (src/cli/command-index.ts): one that can post money
  // registers the hooks; a report, which only reads, does not load the areas behind them.
  it('the CLI registers them for a command that touches money, and not for a report', async () => {
    const forCommand = (args: string) => `${names} import { buildProgram } from './src/cli/main.ts';
      await buildProgram(['node', 'settle', ${args}]); console.log(JSON.stringify(allHookNames()));`;
    expect(
      await hookNamesAfter(forCommand(`'--data', 'd', 'import', 'payments', 'p.csv'`)),
    ).toEqual([
      'commitments.fulfilled',
      'messaging.send_invoice',
      'rendering.queue_invoice_pdf',
      'rendering.queue_credit_note_pdf',
    ]);
    expect(await hookNamesAfter(forCommand(`'aging', '--as-of', '2026-01-31'`))).toEqual([]);
  });

  it('the server registers them', async () => {
    const script = `${names} import { buildServer } from './src/server/build-server.ts';
      import { openPglite } from './src/platform/db/database.ts';
      const database = await openPglite('memory://');
      const app = await buildServer({ database });
      await app.close(); await database.close();
      console.log(JSON.stringify(allHookNames()));`;
    expect(await hookNamesAfter(script)).toEqual([
      'commitments.fulfilled',
      'messaging.send_invoice',
      'rendering.queue_invoice_pdf',
      'rendering.queue_credit_note_pdf',
    ]);
  });
});
