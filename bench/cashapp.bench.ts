// The cash-application benchmark (`npm run bench:cashapp`, issue #14). A seeded book (default
// 150,000 invoices over two months for 20,000 customers, about 100,000 of them open) is loaded,
// then two camt.053 statements written for it with the noise real remittances carry and the truth
// beside every line (src/demo/generator/bank-statements.ts):
// - the history (yesterday's, 3,000 lines) is imported and matched, and a person confirms every
//   line the matcher left in review as its truth says, so payer accounts and names are learned;
// - the measured statement (10,000 incoming lines) is imported and matched with auto-apply in one
//   transaction, through the real parser, import and bulk posting path, and timed by phase.
// Settle's decisions are scored against the truth beside a naive exact-invoice-number matcher
// run in the same process on the same lines.
//
// Each engine runs in a child process of its own, and the measured statement's import in a child
// of that (cashapp-import.ts), so that the peak memory and the time measured are the import's own,
// not those of the process that generated and loaded the book. Without
// BENCH_DATABASE_URL a throwaway PostgreSQL 15 is started (bench/postgres-server.ts).
import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOrganization } from '../src/auth/create-organization.service.js';
import { applyBankLine } from '../src/banking/apply-bank-line.service.js';
import { parseCamt } from '../src/banking/formats/camt.js';
import {
  customersForMatching,
  learnedAccounts,
  openInvoicesForMatching,
} from '../src/banking/match.sql.js';
import { matchEngineVersion } from '../src/banking/matching/match-line.js';
import type { Actor } from '../src/core/actor.js';
import { calendarDateAt } from '../src/core/calendar-date.js';
import { now } from '../src/core/clock.js';
import { formatAmount } from '../src/core/money.js';
import { analyzeDemo, writeDemo } from '../src/demo/create-demo.service.js';
import {
  generateBankStatements,
  openInvoicesOf,
  statementCustomersOf,
  type LineTruth,
} from '../src/demo/generator/bank-statements.js';
import { generateBook, periodStartFor, wholePlanOf } from '../src/demo/generator/generate-book.js';
import { openPglite } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { registerHooks } from '../src/server/register-hooks.js';
import { serverVersion } from './bench.sql.js';
import { exactNumberBaseline, score, type Decision, type Score } from './cashapp-score.js';
import { openBenchDatabase } from './bench-database.js';
import {
  bigintJson,
  importAndMatch,
  type ImportAnswer,
  type ImportOrder,
  type Imported,
} from './cashapp-import.js';
import { postgresAvailable, startPostgres, type PostgresServer } from './postgres-server.js';
import { envInt } from './env.js';

registerHooks();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const config = {
  seed: envInt('BENCH_SEED', 1),
  invoices: envInt('BENCH_INVOICES', 150_000),
  customers: envInt('BENCH_CUSTOMERS', 20_000),
  months: envInt('BENCH_MONTHS', 2),
  lines: envInt('BENCH_LINES', 10_000),
  historyLines: envInt('BENCH_HISTORY_LINES', 3_000),
  engines: (process.env.BENCH_ENGINES ?? 'postgres,pglite')
    .split(',')
    .map((engine) => engine.trim())
    .filter(Boolean),
};
const fullSize =
  config.invoices === 150_000 &&
  config.lines === 10_000 &&
  config.customers === 20_000 &&
  config.historyLines === 3_000;
const targets = { precision: 0.999, decidedApplied: 0.98, postgresMs: 5_000, pgliteMs: 10_000 };
const memoryTargetBytes = 2 ** 30;

const say = (line: string) =>
  process.stderr.write(`[${now().toISOString().slice(11, 19)}] ${line}\n`);

function generate() {
  const today = calendarDateAt(now(), 'UTC');
  const book = generateBook({
    seed: config.seed,
    customers: config.customers,
    invoices: config.invoices,
    startOn: periodStartFor(today, config.months),
    months: config.months,
    currency: 'EUR',
    today,
  });
  const open = openInvoicesOf(book);
  const statements = generateBankStatements(statementCustomersOf(book), open, {
    seed: config.seed,
    lines: config.lines,
    historyLines: config.historyLines,
    bookedOn: today,
    currency: 'EUR',
    // Two lines of one customer in one run make the match run fail (learnAccounts); see the report.
  });
  return { today, book, open, statements };
}

interface EngineResult {
  readonly engine: string;
  readonly version: string;
  readonly openInvoices: number;
  readonly loadSeconds: number;
  readonly history: {
    readonly lines: number;
    readonly applied: number;
    readonly appliedWrong: number;
    readonly confirmed: number;
    readonly refused: number;
    readonly seconds: number;
  };
  readonly phases: Record<string, number>;
  readonly endToEndMs: number;
  readonly loadQueries: Record<string, number>;
  readonly peakRssDuringBytes: number;
  readonly rssBeforeBytes: number;
  readonly processPeakRssBytes: number;
  readonly settle: Score;
  readonly baseline: Score;
  readonly baselineMs: number;
}

/** Peak resident memory while `work` runs, sampled every 20 ms and once at the end. */
function openEngine(engine: string) {
  return openBenchDatabase({
    engine,
    label: 'cashapp',
    serverUrl: process.env.BENCH_DATABASE_URL,
    connections: 4,
  });
}

function decisionsOf(imported: Imported): { decisions: Decision[]; applied: Set<string> } {
  const decisions: Decision[] = [];
  const applied = new Set<string>();
  const refOf = new Map(imported.lines.map((line) => [line.id, line.ref]));
  for (const match of imported.run.outcomes) {
    const line = { ref: refOf.get(match.lineId)! };
    const top = match.proposals[0] ?? null;
    if (match.outcome === 'applied') applied.add(line.ref);
    decisions.push({
      ref: line.ref,
      applied: match.outcome === 'applied',
      top: top && {
        customerId: top.customerId,
        allocations: top.allocations,
        confidence: top.confidence,
        basis: top.basis,
      },
    });
  }
  return { decisions, applied };
}

/** The URL of the bench's database `name` on the PostgreSQL server it was made on. */
function databaseUrlOf(name: string): string {
  const url = new URL(process.env.BENCH_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Forks cashapp-import.ts to import and match the statement, and reads back what it did. */
function measuredImport(order: ImportOrder): Promise<ImportAnswer> {
  return new Promise((resolve, reject) => {
    const child = fork(
      fileURLToPath(new URL('./cashapp-import.ts', import.meta.url)),
      ['--measured-import'],
      {
        execArgv: ['--max-old-space-size=4096', '--expose-gc', '--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    let answered = false;
    child.once('message', (message) => {
      answered = true;
      resolve(JSON.parse(message as string, bigintJson.reviver) as ImportAnswer);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`the measured import exited with ${code} before answering`));
    });
    child.send(order);
  });
}

async function runEngine(engine: string): Promise<EngineResult> {
  const generated = generate();
  const { statements } = generated;
  say(
    `${engine}: ${generated.book.book.invoices.length.toLocaleString('en')} invoices, ${generated.open.length.toLocaleString('en')} open; statements of ${statements.history.truth.length} and ${statements.statement.truth.length} lines`,
  );
  const opened = await openEngine(engine);
  const { cleanup, where } = opened;
  let database = opened.database;
  try {
    await migrate(database);
    const version = await serverVersion(database.db);
    const organization = await createOrganization(database, {
      name: 'Cash application benchmark',
      baseCurrency: 'EUR',
      timeZone: 'UTC',
      ownerEmail: 'cashapp-bench@settle.local',
      ownerPassword: 'benchmark password',
    });
    const actor: Actor = {
      orgId: organization.orgId,
      type: 'system',
      id: null,
      name: 'bench',
      role: 'owner',
    };
    let start = performance.now();
    await writeDemo(
      database,
      actor,
      wholePlanOf(generated.book),
      `cashapp bench seed=${config.seed}`,
    );
    await analyzeDemo(database);
    const loadSeconds = (performance.now() - start) / 1000;
    say(`${engine}: book loaded in ${loadSeconds.toFixed(1)} s`);

    // The history: imported and matched, then what waits for a person confirmed by the truth.
    start = performance.now();
    const history = await importAndMatch(database, actor, statements.history.xml, 'history.xml');
    const historyTruth = new Map(statements.history.truth.map((truth) => [truth.ref, truth]));
    const historyScore = score(statements.history.truth, decisionsOf(history).decisions);
    const historyRefs = new Map(history.lines.map((line) => [line.id, line.ref]));
    let confirmed = 0;
    let refused = 0;
    for (const outcome of history.run.outcomes) {
      const truth = historyTruth.get(historyRefs.get(outcome.lineId)!)!;
      if (outcome.outcome !== 'review' || truth.customerId === null) continue;
      try {
        await applyBankLine(database, actor, outcome.lineId, {
          customerId: truth.customerId,
          allocations: truth.allocations.map((allocation) => ({
            invoiceId: allocation.invoiceId,
            amount: formatAmount(allocation.amountMinor, 'EUR'),
          })),
        });
        confirmed += 1;
      } catch {
        refused += 1;
      }
    }
    const historySeconds = (performance.now() - start) / 1000;
    say(
      `${engine}: history of ${history.lines.length} lines: ${historyScore.applied} applied (${historyScore.applied - historyScore.appliedRight} wrong), ${confirmed} confirmed, ${refused} refused, ${historySeconds.toFixed(1)} s`,
    );
    await analyzeDemo(database);

    // The baseline on the same lines, against the invoices open when the statement comes.
    const parseStart = performance.now();
    const parsed = parseCamt(statements.statement.xml);
    const parseMs = performance.now() - parseStart;
    const baselineStart = performance.now();
    const baselineDecisions = exactNumberBaseline(
      parsed.statements.flatMap((statement) => statement.lines),
      statements.openAfterHistory,
    );
    const baselineMs = performance.now() - baselineStart;
    const baseline = score(statements.statement.truth, baselineDecisions);
    const openInvoices = statements.openAfterHistory.length;

    // The measured statement: parse, store, match and post in one transaction.
    const truths: readonly LineTruth[] = statements.statement.truth;
    // Imported in a process of its own (cashapp-import.ts), holding only what the import holds;
    // the embedded engine's directory is handed over closed and opened again after.
    const xmlPath = join(mkdtempSync(join(tmpdir(), 'settle-cashapp-')), 'statement.xml');
    writeFileSync(xmlPath, statements.statement.xml);
    if (engine === 'pglite') await database.close();
    const answer = await measuredImport({
      engine: engine === 'pglite' ? 'pglite' : 'postgres',
      location: engine === 'pglite' ? where : databaseUrlOf(where),
      actor,
      xmlPath,
    });
    rmSync(dirname(xmlPath), { recursive: true, force: true });
    if (engine === 'pglite') database = await openPglite(where);
    const measured = { value: answer.imported, peak: answer.peakRssDuringBytes };
    const rssBeforeBytes = answer.rssBeforeBytes;
    const endToEndMs = measured.value.ms;
    const run = measured.value.run;
    // The posting done while deciding (postOverlapped) lies within the deciding's time.
    const { load, match, post } = run.timings;
    const matchRunMs = load + match + post;
    const settle = score(truths, decisionsOf(measured.value).decisions);
    // What the match run's reading of the book is made of, each query once more on its own.
    const loadQueries: Record<string, number> = {};
    for (const [label, query] of [
      ['openInvoicesForMatching', () => openInvoicesForMatching(database.db, actor.orgId)],
      ['customersForMatching', () => customersForMatching(database.db, actor.orgId)],
      ['learnedAccounts', () => learnedAccounts(database.db, actor.orgId)],
    ] as const) {
      const queryStart = performance.now();
      await query();
      loadQueries[label] = performance.now() - queryStart;
    }
    say(
      `${engine}: ${truths.length} lines in ${(endToEndMs / 1000).toFixed(2)} s; ${settle.applied} applied, ${settle.applied - settle.appliedRight} wrong`,
    );
    return {
      engine,
      version,
      openInvoices,
      loadSeconds,
      history: {
        lines: history.lines.length,
        applied: historyScore.applied,
        appliedWrong: historyScore.applied - historyScore.appliedRight,
        confirmed,
        refused,
        seconds: historySeconds,
      },
      phases: {
        'parse (the same text, on its own)': parseMs,
        'import: parse, store the lines, and beside them read and index the open invoices, customers, accounts (end to end less the match run)':
          endToEndMs - matchRunMs,
        'match: lock the lines, wait for the book, read their rejections': run.timings.load,
        'match: decide every line (pure), posting and recording the chunks decided':
          run.timings.match,
        'post and record: payments, applications, proposals, line states, learned accounts, audit (what is left after deciding)':
          run.timings.post,
        '(post and record: done while deciding, within the line above)': run.timings.postOverlapped,
      },
      endToEndMs,
      loadQueries,
      peakRssDuringBytes: measured.peak,
      rssBeforeBytes,
      processPeakRssBytes: process.resourceUsage().maxRSS * 1024,
      settle,
      baseline,
      baselineMs,
    };
  } finally {
    await database.close();
    await cleanup();
  }
}

// ---- the report ----

const pct = (part: number, whole: number, digits = 1) =>
  whole === 0 ? '—' : `${((100 * part) / whole).toFixed(digits)} %`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function scoreRows(label: string, s: Score): string[] {
  return [
    `| ${label}: lines applied automatically, of the ${s.payments.toLocaleString('en')} payments | ${s.applied.toLocaleString('en')} (${pct(s.applied, s.payments)}) |`,
    `| ${label}: precision per line (applied lines right: customer, invoices and amounts) | ${pct(s.appliedRight, s.applied, 2)} (${(s.applied - s.appliedRight).toLocaleString('en')} wrong) |`,
    `| ${label}: precision per application (invoice and amount right) | ${pct(s.applicationsRight, s.applications, 2)} of ${s.applications.toLocaleString('en')} |`,
    `| ${label}: decided lines applied automatically (and right) | ${pct(s.appliedOfDecided, s.decided.all)} (${pct(s.appliedRightOfDecided, s.decided.all)}) |`,
    `| ${label}: top proposal right, of the payments | ${pct(s.topRight, s.payments)} |`,
  ];
}

function report(results: readonly EngineResult[]): string {
  const first = results[0]!;
  const s = first.settle;
  const lines: string[] = [];
  lines.push(
    `Run: ${now().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.version}; matcher ${matchEngineVersion}. Seed ${config.seed}: ${config.invoices.toLocaleString('en')} invoices over ${config.months} months for ${config.customers.toLocaleString('en')} customers, ${first.openInvoices.toLocaleString('en')} open when the statement comes; a history statement of ${first.history.lines.toLocaleString('en')} lines confirmed first; the measured statement has ${s.lines.toLocaleString('en')} lines: ${s.payments.toLocaleString('en')} payments, ${s.unrelated.toLocaleString('en')} unrelated credits, ${(s.lines - s.payments - s.unrelated).toLocaleString('en')} debits.`,
    '',
    `Decided by the data (src/demo/generator/bank-statements.ts, \`decidedBy\`): ${s.decided.all.toLocaleString('en')} of the ${s.payments.toLocaleString('en')} payments (${pct(s.decided.all, s.payments)}): ${s.decided.reference.toLocaleString('en')} on a reference, ${s.decided.payer.toLocaleString('en')} on a payer known beyond doubt.`,
    '',
    '| Quality (the same on both engines) | |',
    '|---|---|',
    ...scoreRows('Settle', s),
    ...scoreRows('Exact-number baseline', first.baseline),
    '',
    '| Confidence of the top proposal | lines | right | measured precision | mean confidence |',
    '|---|---|---|---|---|',
    ...s.bands.map(
      (band) =>
        `| ${band.band} | ${band.lines.toLocaleString('en')} | ${band.right.toLocaleString('en')} | ${pct(band.right, band.lines)} | ${band.lines ? band.meanConfidence.toFixed(3) : '—'} |`,
    ),
    '',
    `| Time and memory | ${results.map((r) => (r.engine === 'pglite' ? `PGlite (PostgreSQL ${r.version})` : `PostgreSQL ${r.version}`)).join(' | ')} |`,
    `|---|${results.map(() => '---|').join('')}`,
    ...Object.keys(first.phases).map(
      (phase) =>
        `| ${phase} | ${results.map((r) => `${(r.phases[phase]! / 1000).toFixed(2)} s`).join(' | ')} |`,
    ),
    `| **End to end: ${s.lines.toLocaleString('en')} lines against ${first.openInvoices.toLocaleString('en')} open invoices** | ${results
      .map((r) => {
        const target = r.engine === 'pglite' ? targets.pgliteMs : targets.postgresMs;
        return `**${(r.endToEndMs / 1000).toFixed(2)} s** (target ${target / 1000} s: ${r.endToEndMs <= target ? 'meets' : 'misses'})`;
      })
      .join(' | ')} |`,
    `| Peak RSS of the import's own process (before the import) | ${results.map((r) => `${mib(r.peakRssDuringBytes)} (${mib(r.rssBeforeBytes)}); ${r.peakRssDuringBytes <= memoryTargetBytes ? 'meets' : 'misses'} 1 GiB`).join(' | ')} |`,
    `| Peak RSS of the engine's whole process (generating and loading the book too) | ${results.map((r) => mib(r.processPeakRssBytes)).join(' | ')} |`,
    `| … of which, each on its own once more: ${Object.keys(first.loadQueries).join(', ')} | ${results
      .map((r) =>
        Object.values(r.loadQueries)
          .map((ms) => `${(ms / 1000).toFixed(2)} s`)
          .join(', '),
      )
      .join(' | ')} |`,
    `| Baseline matcher (pure, same process) | ${results.map((r) => `${(r.baselineMs / 1000).toFixed(2)} s`).join(' | ')} |`,
    `| Loading the book (not measured against a target) | ${results.map((r) => `${r.loadSeconds.toFixed(0)} s`).join(' | ')} |`,
    `| History: applied automatically (wrong), confirmed by a person, refused | ${results.map((r) => `${r.history.applied} (${r.history.appliedWrong}), ${r.history.confirmed}, ${r.history.refused}`).join(' | ')} |`,
    '',
    '| Noise kind (a line has several) | lines | applied | applied right | top proposal right |',
    '|---|---|---|---|---|',
    ...[...s.byNoise.entries()]
      .sort((a, b) => b[1][0] - a[1][0])
      .map(
        ([kind, [count, applied, right, top]]) =>
          `| ${kind} | ${count} | ${applied} (${pct(applied, count, 0)}) | ${right} | ${top} (${pct(top, count, 0)}) |`,
      ),
  );
  const sameQuality = results.every(
    (r) => r.settle.applied === s.applied && r.settle.appliedRight === s.appliedRight,
  );
  if (!sameQuality)
    lines.push(
      '',
      `Quality differed by engine: ${results.map((r) => `${r.engine} ${r.settle.applied} applied, ${r.settle.appliedRight} right`).join('; ')}.`,
    );
  return lines.join('\n');
}

function wrongExamples(result: EngineResult): string {
  return result.settle.wrong
    .slice(0, 15)
    .map(
      ({ truth, decision }) =>
        `  ${truth.ref} [${truth.noise.join(',')}] truth ${truth.customerId?.slice(-6)} ${truth.allocations.map((a) => `${a.invoiceId.slice(-6)}:${a.amountMinor}`).join(' ')} — applied ${decision.top?.customerId.slice(-6)} ${decision.top?.allocations.map((a) => `${a.invoiceId.slice(-6)}:${a.amountMinor}`).join(' ')} (${decision.top?.basis}, ${decision.top?.confidence})`,
    )
    .join('\n');
}

async function main() {
  const child = process.env.BENCH_CHILD_ENGINE;
  if (child) {
    const result = await runEngine(child);
    writeFileSync(
      process.env.BENCH_CHILD_RESULT!,
      JSON.stringify(result, (_key, value) =>
        typeof value === 'bigint' ? `${value}n` : value instanceof Map ? [...value] : value,
      ),
    );
    return;
  }
  let server: PostgresServer | undefined;
  const results: EngineResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'settle-cashapp-results-'));
  try {
    let url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
    if (config.engines.includes('postgres') && !url) {
      if (!postgresAvailable()) throw new Error('No PostgreSQL: set BENCH_DATABASE_URL.');
      server = await startPostgres();
      url = server.url;
    }
    for (const engine of config.engines) {
      const file = join(dir, `${engine}.json`);
      execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: {
          ...process.env,
          BENCH_CHILD_ENGINE: engine,
          BENCH_CHILD_RESULT: file,
          ...(url ? { BENCH_DATABASE_URL: url } : {}),
        },
      });
      const result = JSON.parse(readFileSync(file, 'utf8'), (_key, value) =>
        typeof value === 'string' && /^-?\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value,
      ) as EngineResult;
      for (const s of [result.settle, result.baseline])
        (s as { byNoise: unknown }).byNoise = new Map(s.byNoise as unknown as [string, never][]);
      results.push(result);
    }
  } finally {
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const text = report(results);
  process.stdout.write(`\n${text}\n`);
  for (const result of results) {
    if (result.settle.wrong.length > 0)
      process.stderr.write(
        `\n${result.engine}: applied and wrong (first 15):\n${wrongExamples(result)}\n`,
      );
  }
  if (fullSize && config.engines.length === 2) {
    const file = join(root, 'docs/benchmarks.md');
    const current = readFileSync(file, 'utf8');
    const start = '<!-- bench:cashapp:start -->';
    const end = '<!-- bench:cashapp:end -->';
    const block = `${start}\n${text}\n${end}`;
    writeFileSync(
      file,
      current.includes(start)
        ? current.replace(new RegExp(`${start}[\\s\\S]*${end}`), block)
        : `${current.trimEnd()}\n\n## Cash application (issue #14)\n\n\`npm run bench:cashapp\` (bench/cashapp.bench.ts).\n\n${block}\n`,
    );
  }
}

await main();
