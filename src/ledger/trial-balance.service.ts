import type { Actor } from '../core/actor.js';
import type { CalendarDate } from '../core/calendar-date.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import type { Database } from '../platform/db/database.js';
import { accountName, accounts } from './accounts.js';
import { subledgerTotals, trialBalance } from './ledger.sql.js';

export interface TrialBalanceCurrency {
  readonly currency: string;
  readonly accounts: {
    account: string;
    name: string;
    debitMinor: bigint;
    creditMinor: bigint;
    balanceMinor: bigint;
  }[];
  readonly debitMinor: bigint;
  readonly creditMinor: bigint;
  /** Debit balance of the A/R control account. */
  readonly receivablesControlMinor: bigint;
  readonly openInvoicesMinor: bigint;
  readonly unappliedCreditMinor: bigint;
  /** Control account minus (open invoices − unapplied credit): zero when the subledger ties out. */
  readonly differenceMinor: bigint;
}

/**
 * The trial balance as of a date, per currency, with the tie-out of the A/R control account
 * against the subledger: open invoice balances minus unapplied customer credit.
 */
export async function getTrialBalance(database: Database, actor: Actor, asOfInput?: CalendarDate) {
  const asOf = asOfInput ?? (await organizationToday(database.db, actor.orgId));
  const [rows, subledger] = await Promise.all([
    trialBalance(database.db, actor.orgId, asOf),
    subledgerTotals(database.db, actor.orgId, asOf),
  ]);
  const currencies = [...new Set([...rows.map((row) => row.currency), ...subledger.keys()])].sort();
  const result: TrialBalanceCurrency[] = currencies.map((currency) => {
    const lines = rows
      .filter((row) => row.currency === currency)
      .map((row) => ({
        account: row.account,
        name: accountName(row.account),
        debitMinor: row.debit_minor,
        creditMinor: row.credit_minor,
        balanceMinor: row.debit_minor - row.credit_minor,
      }));
    const control =
      lines.find((line) => line.account === accounts.receivables.code)?.balanceMinor ?? 0n;
    const totals = subledger.get(currency) ?? { openMinor: 0n, unappliedMinor: 0n };
    return {
      currency,
      accounts: lines,
      debitMinor: lines.reduce((sum, line) => sum + line.debitMinor, 0n),
      creditMinor: lines.reduce((sum, line) => sum + line.creditMinor, 0n),
      receivablesControlMinor: control,
      openInvoicesMinor: totals.openMinor,
      unappliedCreditMinor: totals.unappliedMinor,
      differenceMinor: control - (totals.openMinor - totals.unappliedMinor),
    };
  });
  return { asOf, currencies: result };
}
