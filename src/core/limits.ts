/**
 * Every bound the product enforces, named in one place so that tests can check each one at the
 * limit and one past it.
 */
export const limits = {
  /** Largest page a list endpoint returns. */
  pageSizeMax: 500,
  pageSizeDefault: 50,
  /** Lines on one invoice or credit note. */
  documentLinesMax: 500,
  /** Invoices one payment may be applied to in one request. */
  applicationsPerRequestMax: 1000,
  /** Rows in one CSV import: a larger book is imported in several files. */
  importRowsMax: 2_000_000,
  /** Bad rows reported by a failed import; the count of the rest is given. */
  importErrorsReportedMax: 1000,
  /** Rows per COPY on the embedded database, which reads a COPY's input as one blob. */
  bulkChunkRows: 100_000,
  /** Length of free-text fields (names, memos, notes). */
  textLengthMax: 2000,
  /**
   * Largest amount Settle takes in minor units, for every single amount: a line, a whole invoice or
   * credit note with its tax, a payment, a refund, a write-off, a credit limit (10 trillion in a
   * two-decimal currency). Each stored amount is an int8 with 9,223 times this to spare; sums of
   * many amounts (balances, reports, the trial balance) are taken in numeric and read as bigint, so
   * no number of documents can make a report overflow.
   */
  amountMinorMax: 10n ** 15n,
  /** Largest quantity on a line (a billion units). */
  quantityMax: 1_000_000_000n,
  /** Quantity digits after the decimal point on an invoice line. */
  quantityScale: 6,
  /** Tax rate digits after the decimal point, in percent (7.2500 %). */
  taxRateScale: 4,
  /**
   * Days after today a payment may be dated: a bank's value date or a cheque dated a little ahead
   * is fine, a payment years ahead is a typing error that would sit in every aging until then.
   */
  paymentDaysAheadMax: 31,
  /** Days of payment terms. */
  termDaysMax: 3650,
  /** Login attempts per minute from one address. */
  loginAttemptsPerMinute: 10,
  /** Invoices listed in one collections message; the rest are summed in one line. */
  invoicesPerMessageMax: 200,
  /** Delivery attempts of one outbox message before it is marked failed. */
  mailAttemptsMax: 6,
  /** Outbox messages one delivery pass sends. */
  mailBatchMax: 500,
  /** Installments in one payment plan. */
  planInstallmentsMax: 120,
  /** Invoices covered by one promise, plan, placement or task. */
  invoicesPerCommitmentMax: 1000,
  /** Bytes of one uploaded document (dispute evidence). */
  documentBytesMax: 5_242_880,
  /** Request body size in bytes, except imports. */
  requestBodyBytesMax: 1_048_576,
  /** Bytes of one CSV file sent to POST /imports/{kind}; a larger book goes in several files. */
  importBodyBytesMax: 104_857_600,
  /** Time for a client to send a request's headers; a slower one is cut off. */
  requestHeadersTimeoutMs: 10_000,
  /**
   * Time for a client to send a whole request, body included: a connection that sends headers and
   * never the body is answered 408 and closed instead of being held forever.
   */
  requestTimeoutMs: 30_000,
  /** Time an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutMs: 5_000,
  /** How often the server looks for requests past their time. */
  requestTimeoutCheckMs: 1_000,
  /** Open connections from one address; more are closed at once, so one client cannot exhaust the server. */
  connectionsPerAddressMax: 64,
} as const;
