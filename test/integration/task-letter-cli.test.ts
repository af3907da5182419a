// Goal: a collector gets the dunning letter of a letter task from the command line, as they get an
// invoice's PDF: `settle task letter TASK_ID [FILE]` writes the letter a collections run made to the
// file or to standard output (also with `-`), and a task without a letter exits 1 naming the task.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOrganization } from '../../src/auth/ensure-organization.service.js';
import type { Actor } from '../../src/core/actor.js';
import { updateSellerDetails } from '../../src/organizations/manage-seller-details.service.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { createTask, listTasks } from '../../src/worklist/manage-tasks.service.js';
import { customerSentALetter } from '../support/organization.js';
import { newCliDirectory, runSettleInProcess } from '../support/cli.js';
import { pdfPagesText } from '../support/pdf.js';

let dir: string;
let dataDir: string;
let letterTaskId: string;
let callTaskId: string;

const settle = (...args: string[]) => runSettleInProcess('--data', dataDir, ...args);

beforeAll(async () => {
  dir = await newCliDirectory('settle-task-letter-');
  dataDir = join(dir, 'data');
  // Written through the services on the same data directory, closed before the CLI opens it.
  const seeded = await openDatabase({ dataDir, command: 'task letter test' });
  try {
    const organization = await ensureOrganization(seeded, undefined);
    const actor: Actor = {
      orgId: organization.id,
      type: 'system',
      id: null,
      name: 'test',
      role: 'owner',
    };
    await updateSellerDetails(seeded, actor, { legalName: 'Hafenkontor Nord GmbH' });
    const { customer } = await customerSentALetter(seeded, actor, {
      ref: 'POST',
      name: 'Łódź Przędza Sp. z o.o.',
      currency: 'EUR',
      terms: 'NET30',
      billingAddress: { line1: 'ul. Piotrkowska 104', city: 'Łódź', country: 'PL' },
    });
    const letterTask = (await listTasks(seeded, actor, {})).items.find(
      (task) => task.kind === 'letter',
    );
    letterTaskId = letterTask!.id;
    callTaskId = (
      await createTask(seeded, actor, {
        customerId: customer.id,
        kind: 'call',
        title: 'Call about the letter',
        dueOn: '2026-06-22',
      })
    ).id;
  } finally {
    await seeded.close();
  }
}, 180_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('settle task letter', () => {
  it("writes the run's letter to the file, addressed to the customer from the seller", async () => {
    const file = join(dir, 'letter.pdf');
    const result = await settle('task', 'letter', letterTaskId, file);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.length).toBe(0);
    const text = (await pdfPagesText(await readFile(file))).join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('Hafenkontor Nord GmbH');
    expect(text).toContain('Łódź Przędza Sp. z o.o.');
    expect(text).toContain('ul. Piotrkowska 104');
    expect(text).toContain('Poland');
  });

  it('writes the same bytes to standard output without a FILE or with -', async () => {
    const file = await readFile(join(dir, 'letter.pdf'));
    for (const args of [[], ['-']]) {
      const result = await settle('task', 'letter', letterTaskId, ...args);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(result.stdout.equals(file)).toBe(true);
    }
  });

  it('exits 1 naming a task that has no letter, and writes no file', async () => {
    const file = join(dir, 'none.pdf');
    const result = await settle('task', 'letter', callTaskId, file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('letter_not_found');
    expect(result.stderr).toContain(callTaskId);
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
