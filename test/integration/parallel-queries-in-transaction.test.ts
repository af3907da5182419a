// Services read in parallel inside a transaction (Promise.all over a few queries). All of a
// transaction's queries share one connection, and pg deprecates queueing a query behind a running
// one (pg@9 refuses it): the database layer queues them itself. Checked in a fresh process, since
// Node prints a deprecation once per process.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

describe('queries sent in parallel inside a transaction', () => {
  it('run one after another, in the order sent, without pg queueing them', async () => {
    const script = `import { sql } from 'kysely';
      import { openPglite } from './src/platform/db/database.ts';
      const database = await openPglite('memory://');
      const answers = await database.transaction(({ db }) =>
        Promise.all([30, 1, 20, 2, 10].map((ms, index) =>
          sql\`SELECT pg_sleep(\${ms / 1000}), \${index}::int AS index\`.execute(db)
            .then((result) => result.rows[0].index))));
      await database.close();
      console.log(JSON.stringify(answers));`;
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: root },
    );
    expect(stderr).not.toContain('DeprecationWarning');
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual([0, 1, 2, 3, 4]);
  });
});
