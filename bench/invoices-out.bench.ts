// The invoices-out benchmark (`npm run bench:invoices-out`), against issue #15's figures, measured
// in the same run:
// - a one-page invoice PDF renders in at most 100 ms (after the first, which loads the font);
// - the UBL 2.1 XSD check takes at most 50 ms per document;
// - issuing and sending BENCH_SEND_INVOICES (1,000) invoices, each issued in its own request-sized
//   transaction, rendered, queued and delivered to a local SMTP server, takes at most 2 minutes.
// Engine: BENCH_ENGINES (pglite by default; postgres uses BENCH_DATABASE_URL/DATABASE_URL or a
// private server started from Debian's binaries).
import { cpus, release, totalmem } from 'node:os';
import { createOrganization } from '../src/auth/create-organization.service.js';
import type { Actor } from '../src/core/actor.js';
import { createCustomer } from '../src/customers/create-customer.service.js';
import { createInvoice } from '../src/invoicing/create-invoice.service.js';
import { deliverOutbox } from '../src/messaging/deliver-outbox.service.js';
import { updateMailSettings } from '../src/messaging/mail-settings.service.js';
import { updateSellerDetails } from '../src/organizations/manage-seller-details.service.js';
import type { Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { renderIssuedDocumentPdf } from '../src/rendering/pdf/invoice-pdf.js';
import { checkUblXsd } from '../src/rendering/ubl/check-ubl-xsd.js';
import { ublOf } from '../src/rendering/ubl/ubl-invoice.js';
import { registerHooks } from '../src/server/register-hooks.js';
import { exampleIssuedDocument } from '../test/support/issued-document-arbitrary.js';
import { startSmtpServer } from '../test/support/smtp.js';
import { envInt } from './env.js';
import { openBenchDatabase } from './bench-database.js';
import { postgresAvailable, startPostgres, type PostgresServer } from './postgres-server.js';

const sendCount = envInt('BENCH_SEND_INVOICES', 1_000);
const samples = envInt('BENCH_SAMPLES', 200);
const engines = (process.env.BENCH_ENGINES ?? 'pglite')
  .split(',')
  .map((engine) => engine.trim())
  .filter(Boolean);
const serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined;
const target = { pdfMs: 100, xsdMs: 50, sendSeconds: 120 };

const say = (line: string) => process.stderr.write(`${line}\n`);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timings(count: number, work: () => Promise<unknown> | unknown) {
  for (let i = 0; i < 10; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)! };
}

function open(engine: string, server: PostgresServer | undefined) {
  return openBenchDatabase({
    engine,
    label: 'invoices_out',
    serverUrl: serverUrl ?? server?.url,
    connections: 4,
  });
}

async function issueAndSend(
  database: Database,
): Promise<{ seconds: number; issued: number; delivered: number }> {
  const smtp = await startSmtpServer();
  try {
    const organization = await createOrganization(database, {
      name: 'Invoices Out Company',
      baseCurrency: 'EUR',
      timeZone: 'UTC',
      ownerEmail: 'owner@settle.local',
      ownerPassword: 'benchmark password',
    });
    const actor: Actor = {
      orgId: organization.orgId,
      type: 'system',
      id: null,
      name: 'bench invoices out',
      role: 'owner',
    };
    const env = {};
    await updateMailSettings(
      database,
      actor,
      { smtpUrl: smtp.url, mailFrom: 'ar@bench.test' },
      env,
    );
    await updateSellerDetails(database, actor, {
      legalName: 'Łódź Trading Sp. z o.o.',
      address: { line1: 'ul. Piotrkowska 1', city: 'Łódź', postalCode: '90-001', country: 'PL' },
      vatId: 'PL5260001246',
      electronicAddress: { scheme: '9945', id: 'PL5260001246' },
      paymentAccounts: [{ iban: 'PL61109010140000071219812874', bic: 'WBKPPLPP' }],
    });
    const customers: string[] = [];
    for (let i = 0; i < 50; i++) {
      const customer = await createCustomer(database, actor, {
        ref: `C${i}`,
        name: `UAB Šiaulių prekyba ${i}`,
        currency: 'EUR',
        taxId: 'LT100001919017',
        billingAddress: { line1: 'Tilžės g. 1', city: 'Šiauliai', country: 'LT' },
        electronicAddress: { scheme: '9937', id: `LT10000191901${i % 10}` },
        buyerReference: `PO-${i}`,
        sendUbl: i % 5 === 0,
        contacts: [{ name: 'Billing', email: `billing${i}@customer.test`, role: 'billing' }],
      });
      customers.push(customer.id);
    }
    const started = performance.now();
    for (let i = 0; i < sendCount; i++) {
      await createInvoice(database, actor, {
        customerId: customers[i % customers.length]!,
        issue: true,
        send: true,
        lines: [
          {
            description: 'Consulting',
            quantity: '7.5',
            unitPrice: '80.00',
            taxRate: '21',
            unitCode: 'HUR',
          },
          {
            description: 'Travel',
            quantity: '1',
            unitPrice: `${100 + (i % 50)}.00`,
            taxRate: '21',
          },
        ],
      });
    }
    const issuedSeconds = (performance.now() - started) / 1000;
    say(`  issued and queued ${sendCount} invoices in ${issuedSeconds.toFixed(1)} s`);
    let delivered = 0;
    for (;;) {
      const counts = await deliverOutbox(database, { orgId: actor.orgId, env });
      delivered += counts.sent;
      if (counts.sent + counts.retried + counts.failed === 0) break;
      if (counts.failed > 0) throw new Error(`${counts.failed} messages failed`);
    }
    const seconds = (performance.now() - started) / 1000;
    if (smtp.received.length !== sendCount)
      throw new Error(
        `the SMTP server received ${smtp.received.length} messages, not ${sendCount}`,
      );
    return { seconds, issued: sendCount, delivered };
  } finally {
    await smtp.close();
  }
}

async function main(): Promise<void> {
  registerHooks();
  say(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}, Node ${process.version}`,
  );
  const doc = exampleIssuedDocument;
  const firstStarted = performance.now();
  await renderIssuedDocumentPdf(doc, { logo: null });
  const firstPdfMs = performance.now() - firstStarted;
  const pdf = await timings(samples, () => renderIssuedDocumentPdf(doc, { logo: null }));
  const xml = ublOf(doc);
  const xsdStarted = performance.now();
  await checkUblXsd(xml);
  const firstXsdMs = performance.now() - xsdStarted;
  const xsd = await timings(samples, () => checkUblXsd(xml));
  const rows: string[][] = [
    [
      'one-page invoice PDF (median / p95)',
      `≤ ${target.pdfMs} ms`,
      `${pdf.median.toFixed(1)} / ${pdf.p95.toFixed(1)} ms (first: ${firstPdfMs.toFixed(0)} ms)`,
    ],
    [
      'UBL 2.1 XSD check (median / p95)',
      `≤ ${target.xsdMs} ms`,
      `${xsd.median.toFixed(2)} / ${xsd.p95.toFixed(2)} ms (schema load: ${firstXsdMs.toFixed(0)} ms)`,
    ],
  ];
  const server =
    engines.includes('postgres') && !serverUrl && postgresAvailable()
      ? await startPostgres()
      : undefined;
  try {
    for (const engine of engines) {
      say(`=== ${engine} ===`);
      const { database, cleanup } = await open(engine, server);
      try {
        await migrate(database);
        const result = await issueAndSend(database);
        rows.push([
          `issue and send ${result.issued} invoices, ${engine}`,
          `≤ ${target.sendSeconds} s`,
          `${result.seconds.toFixed(1)} s (${result.delivered} delivered)`,
        ]);
      } finally {
        await database.close();
        await cleanup();
      }
    }
  } finally {
    await server?.stop();
  }
  const width = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length), 8));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(width[i]!)).join('  ');
  console.log(line(['measure', 'target', 'measured']));
  for (const row of rows) console.log(line(row));
}

await main();
