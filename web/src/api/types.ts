/**
 * The shapes of the API's answers that the web app reads, as the OpenAPI document at
 * /api/openapi.json describes them. Amounts are decimal strings in major units and are shown
 * as they come: the app never does arithmetic on money.
 */

export type Amount = string;
export type CalendarDate = string;

export interface Me {
  readonly organization_id: string;
  readonly user_id: string | null;
  readonly name: string;
  readonly role: string;
  readonly via: string;
}

export interface LoginResponse {
  readonly csrf_token: string;
  readonly expires_at: string;
  readonly me: Me;
}

export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: string;
  readonly disabled_at: string | null;
}

export interface AgingBucket {
  readonly label: string;
  readonly from_days: number | null;
  readonly to_days: number | null;
}

export interface AgingFigures {
  readonly buckets: readonly Amount[];
  readonly unapplied: Amount;
  readonly balance: Amount;
}

export interface AgingCustomerRow extends AgingFigures {
  readonly customer_id: string;
  readonly customer_ref: string;
  readonly customer_name: string;
}

export interface AgingItem {
  readonly customer_id: string;
  readonly customer_ref: string;
  readonly type: 'invoice' | 'payment' | 'credit_note';
  readonly id: string;
  readonly number: string | null;
  readonly currency: string;
  readonly document_date: CalendarDate;
  readonly due_date: CalendarDate | null;
  readonly age_days: number | null;
  readonly bucket: string;
  readonly total: Amount;
  readonly balance: Amount;
}

export interface Aging {
  readonly as_of: CalendarDate;
  readonly basis: 'due' | 'issue';
  readonly buckets: readonly AgingBucket[];
  readonly currencies: readonly {
    readonly currency: string;
    readonly customers: readonly AgingCustomerRow[];
    readonly totals: AgingFigures;
  }[];
  readonly items?: readonly AgingItem[];
}

/** The figures of one period; ratios are numbers rounded to two decimals, null without data. */
export interface KpiFigures {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly days: number;
  readonly credit_sales: Amount;
  readonly beginning_ar: Amount;
  readonly ending_ar: Amount;
  readonly ending_current_ar: Amount;
  readonly ending_past_due_ar: Amount;
  readonly written_off: Amount;
  readonly dso: number | null;
  readonly dso_count_back: number | null;
  readonly best_possible_dso: number | null;
  readonly average_days_delinquent: number | null;
  readonly cei: number | null;
  readonly ar_turnover: number | null;
  readonly percent_current: number | null;
  readonly percent_over_90: number | null;
  readonly bad_debt_percent: number | null;
  readonly average_days_to_pay: number | null;
}

export interface Kpis {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly currencies: readonly (KpiFigures & { readonly currency: string; readonly months?: readonly KpiFigures[] })[];
}

export interface Goal {
  readonly id: string;
  readonly name: string;
  readonly metric: string;
  readonly unit: 'days' | 'percent' | 'times' | 'money';
  readonly currency: string;
  readonly target: string;
  readonly direction: 'at_most' | 'at_least';
  readonly owner_name: string | null;
  readonly deadline: CalendarDate;
  readonly scope: string;
  readonly evaluated_on: CalendarDate;
  readonly status: 'on_track' | 'at_risk' | 'met' | 'missed';
  readonly status_reason: string | null;
  readonly figure: string | null;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly next_cursor: string | null;
}

export interface StatementLine {
  readonly date: CalendarDate;
  readonly type: string;
  readonly document_type: 'invoice' | 'credit_note' | 'payment';
  readonly document_id: string;
  readonly number: string | null;
  readonly description: string;
  readonly amount: Amount;
  readonly balance: Amount;
}

export interface Statement {
  readonly customer: { readonly id: string; readonly ref: string; readonly name: string };
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly aging_basis: 'due' | 'issue';
  readonly aging_buckets: readonly AgingBucket[];
  readonly currencies: readonly {
    readonly currency: string;
    readonly opening_balance: Amount;
    readonly lines: readonly StatementLine[];
    readonly closing_balance: Amount;
    readonly aging: AgingFigures;
  }[];
}
