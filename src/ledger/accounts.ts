/**
 * The general-ledger accounts the A/R subledger posts to. Unapplied customer credit (a payment or
 * credit note not yet applied) stays inside the A/R control account as a credit balance, so the
 * control account equals the sum of open invoice balances minus unapplied credit.
 */
export const accounts = {
  cash: { code: '1000', name: 'Cash and bank' },
  receivables: { code: '1200', name: 'Accounts receivable (control)' },
  taxPayable: { code: '2200', name: 'Sales tax payable' },
  importClearing: { code: '3900', name: 'Opening balances and import clearing' },
  revenue: { code: '4000', name: 'Revenue' },
  lateFeeIncome: { code: '4100', name: 'Late-fee and interest income' },
  discountsAllowed: { code: '4900', name: 'Early-payment discounts allowed' },
  badDebtExpense: { code: '6100', name: 'Bad-debt expense and write-offs' },
} as const;

export type AccountKey = keyof typeof accounts;

export function accountName(code: string): string {
  return Object.values(accounts).find((account) => account.code === code)?.name ?? code;
}
