import type { CalendarDate } from '../../core/calendar-date.js';
import { formatAmount } from '../../core/money.js';
import {
  bankAmountToMinor,
  bankCurrency,
  bankDate,
  BankFileError,
  bankFileLimits,
  checkFileLimits,
  fallbackRef,
  normalIban,
  type BankAccountId,
  type BankFile,
  type BankLine,
  type BankLineStatus,
  type BankStatement,
  type StatementBalance,
  type StructuredRemittance,
} from './bank-statement.js';
import {
  child,
  childrenNamed,
  cleanText,
  errorAt,
  find,
  isEmptyElement,
  readCamtXml,
  textAt,
  type Visit,
  type XmlNode,
} from './camt-reader.js';

/**
 * ISO 20022 camt.053 (BankToCustomerStatement) and camt.054 (BankToCustomerDebitCreditNotification),
 * versions .001.02 to .001.08. A bank line is one `TxDtls`; an `Ntry` without any is one line of
 * its own. Each `Stmt` or `Ntfctn` is one BankStatement; camt.054 carries no balances.
 */

const namespacePattern = /^urn:iso:std:iso:20022:tech:xsd:(camt\.05[34])\.001\.(\d{2})$/;
const messageElement = {
  'camt.053': 'BkToCstmrStmt',
  'camt.054': 'BkToCstmrDbtCdtNtfctn',
} as const;
const statementElement = { 'camt.053': 'Stmt', 'camt.054': 'Ntfctn' } as const;
const supportedVersions = new Set(['02', '03', '04', '05', '06', '07', '08']);

type CamtFormat = keyof typeof messageElement;

interface Amount {
  readonly minor: bigint;
  readonly currency: string;
}

interface StatementInProgress {
  readonly node: XmlNode;
  readonly header: XmlNode[];
  account: BankAccountId | null;
  readonly lines: BankLine[];
}

export function parseCamt(text: string): BankFile {
  checkFileLimits(text);
  // Filled in by the reader's callbacks (a holder, as TypeScript does not follow them).
  const state: { format: CamtFormat | null; version: string | null } = {
    format: null,
    version: null,
  };
  const statements: BankStatement[] = [];
  const warnings: string[] = [];
  let position = 0;
  const open: { statement: StatementInProgress | null } = { statement: null };

  const enter = (node: XmlNode, namespace: string): Visit => {
    const depth = node.path.split('/').length;
    if (depth === 1) {
      const match = namespacePattern.exec(namespace);
      if (node.name !== 'Document' || !match) {
        throw errorAt(
          node,
          `this is not a camt.053 or camt.054 file: the root is <${node.name}> in namespace "${namespace}".`,
        );
      }
      if (!supportedVersions.has(match[2]!)) {
        throw errorAt(node, `${namespace} is not a version read here (.001.02 to .001.08).`);
      }
      state.format = match[1] as CamtFormat;
      state.version = `${state.format}.001.${match[2]!}`;
      return 'descend';
    }
    if (depth === 2) {
      const expected = messageElement[state.format!];
      if (node.name !== expected) {
        throw errorAt(node, `a ${state.format} document holds <${expected}>, not this.`);
      }
      return 'descend';
    }
    if (depth === 3) {
      if (node.name !== statementElement[state.format!]) return 'skip';
      open.statement = { node, header: [], account: null, lines: [] };
      return 'descend';
    }
    // Inside a statement: entries are read one at a time; the rest is its header.
    return 'capture';
  };

  const captured = (node: XmlNode): void => {
    const statement = open.statement!;
    if (node.name !== 'Ntry') {
      statement.header.push(node);
      if (node.name === 'Acct') statement.account = readAccount(node);
      return;
    }
    if (statement.account === null) {
      throw errorAt(node, `an entry comes before its statement's <Acct>.`);
    }
    for (const draft of readEntry(node, warnings)) {
      position += 1;
      if (position > bankFileLimits.transactionsMax) {
        throw errorAt(
          node,
          `the file has more than ${bankFileLimits.transactionsMax} transactions; that many are not read.`,
        );
      }
      statement.lines.push(draft(statement.account, position));
    }
  };

  const left = (node: XmlNode): void => {
    if (open.statement === null || node !== open.statement.node) return;
    statements.push(finishStatement(open.statement, statements.length + 1, warnings));
    open.statement = null;
  };

  readCamtXml(text, { enter, captured, left });
  const { format, version } = state;
  if (format === null) throw new BankFileError('the file holds no camt document.');
  if (statements.length === 0) {
    throw new BankFileError(`the ${format} file holds no <${statementElement[format]}>.`);
  }
  warnDuplicateRefs(statements, warnings);
  return { format, version, statements, warnings };
}

function finishStatement(
  statement: StatementInProgress,
  number: number,
  warnings: string[],
): BankStatement {
  const { node, header } = statement;
  const account = statement.account;
  if (account === null) throw errorAt(node, `the statement has no <Acct>.`);
  const statementId = header.find((part) => part.name === 'Id');
  const accountNode = header.find((part) => part.name === 'Acct')!;
  const balances = header.filter((part) => part.name === 'Bal').map(readBalance);
  // PRCD (the previous statement's closing balance) stands in when a bank gives no OPBD.
  const opening =
    balances.find((balance) => balance.code === 'OPBD') ??
    balances.find((balance) => balance.code === 'PRCD') ??
    null;
  const closing = balances.find((balance) => balance.code === 'CLBD') ?? null;
  const accountCurrencyText = textAt(accountNode, 'Ccy');
  const accountCurrency =
    accountCurrencyText !== null
      ? currencyOf(find(accountNode, 'Ccy')!, accountCurrencyText)
      : null;
  const balanceCurrency =
    opening && closing && opening.balance.currency === closing.balance.currency
      ? opening.balance.currency
      : null;
  const built: BankStatement = {
    account,
    currency: accountCurrency ?? balanceCurrency,
    statementId: statementId ? cleanText(statementId.text) || null : null,
    openingBalance: opening?.balance ?? null,
    closingBalance: closing?.balance ?? null,
    lines: statement.lines,
  };
  const name = `statement ${number}${built.statementId ? ` (${built.statementId})` : ''} of ${account.iban ?? account.number ?? 'its account'}`;
  const difference = balanceDifference(built);
  if (difference !== null) warnings.push(`${name}: ${difference}`);
  return built;
}

/** Why opening + booked lines ≠ closing, or null when they agree (or there is nothing to check). */
function balanceDifference(statement: BankStatement): string | null {
  const { openingBalance: opening, closingBalance: closing } = statement;
  if (!opening || !closing) return null;
  if (opening.currency !== closing.currency) {
    return `the opening balance is in ${opening.currency} and the closing one in ${closing.currency}; they cannot be checked against each other.`;
  }
  const currency = opening.currency;
  let sum = 0n;
  let otherCurrency = 0;
  for (const line of statement.lines) {
    if (line.status !== 'booked') continue;
    if (line.currency !== currency) {
      otherCurrency += 1;
      continue;
    }
    sum += line.direction === 'credit' ? line.amountMinor : -line.amountMinor;
  }
  const expected = opening.amountMinor + sum;
  if (expected === closing.amountMinor) return null;
  const money = (minor: bigint): string => `${formatAmount(minor, currency)} ${currency}`;
  const uncounted =
    otherCurrency > 0
      ? ` (${otherCurrency} booked line${otherCurrency > 1 ? 's' : ''} in another currency not counted)`
      : '';
  return `opening balance ${money(opening.amountMinor)} plus the booked lines ${money(sum)}${uncounted} is ${money(expected)}, but the closing balance is ${money(closing.amountMinor)}: a difference of ${money(closing.amountMinor - expected)}.`;
}

function warnDuplicateRefs(statements: readonly BankStatement[], warnings: string[]): void {
  const seen = new Map<string, number>();
  for (const line of statements.flatMap((statement) => statement.lines)) {
    const first = seen.get(line.ref);
    if (first === undefined) seen.set(line.ref, line.position);
    else
      warnings.push(`lines ${first} and ${line.position} have the same reference "${line.ref}".`);
  }
}

function readAccount(node: XmlNode): BankAccountId {
  const ibanNode = find(node, 'Id/IBAN');
  let iban: string | null = null;
  if (ibanNode) {
    iban = normalIban(ibanNode.text);
    if (iban === null) throw errorAt(ibanNode, `"${cleanText(ibanNode.text)}" is not an IBAN.`);
  }
  const number = textAt(node, 'Id/Othr/Id');
  if (iban === null && number === null) {
    throw errorAt(node, 'the account has neither <Id><IBAN> nor <Id><Othr><Id>.');
  }
  return {
    iban,
    number,
    bic: textAt(node, 'Svcr/FinInstnId/BIC') ?? textAt(node, 'Svcr/FinInstnId/BICFI'),
    bankCode: null,
  };
}

function readBalance(node: XmlNode): { code: string; balance: StatementBalance } {
  const code = textAt(node, 'Tp/CdOrPrtry/Cd') ?? textAt(node, 'Tp/CdOrPrtry/Prtry');
  if (code === null) throw errorAt(node, 'the balance has no <Tp><CdOrPrtry><Cd>.');
  const amount = readAmount(required(node, 'Amt'));
  const sign = readDirection(required(node, 'CdtDbtInd')) === 'debit' ? -1n : 1n;
  const date = readDateChoice(required(node, 'Dt'));
  return {
    code,
    balance: { amountMinor: sign * amount.minor, currency: amount.currency, date },
  };
}

/** A line still waiting for what only the statement knows: its account and its position. */
type LineDraft = (account: BankAccountId, position: number) => BankLine;

/** Reads one entry into the lines it holds, warning of what does not add up within it. */
function readEntry(entry: XmlNode, warnings: string[]): LineDraft[] {
  const entryAmountNode = required(entry, 'Amt');
  const entryAmount = readAmount(entryAmountNode);
  const entryDirection = readDirection(required(entry, 'CdtDbtInd'));
  const status = readStatus(required(entry, 'Sts'));
  const reversalNode = child(entry, 'RvslInd');
  const reversal = reversalNode ? readBoolean(reversalNode) : false;
  const bookingNode = child(entry, 'BookgDt');
  const valueNode = child(entry, 'ValDt');
  const bookingDate = bookingNode ? readDateChoice(bookingNode) : null;
  const valueDate = valueNode ? readDateChoice(valueNode) : null;
  const entryAcctSvcrRef = textAt(entry, 'AcctSvcrRef');
  const entryRef = textAt(entry, 'NtryRef');
  const entryCode = readTransactionCode(child(entry, 'BkTxCd'));
  const entryInfo = childrenNamed(entry, 'AddtlNtryInf')
    .map((info) => cleanText(info.text))
    .filter((info) => info !== '');
  const where = `entry at line ${entry.line}`;

  const transactions: { node: XmlNode; batch: XmlNode | undefined }[] = [];
  let announced: number | null = null;
  let firstBatch: XmlNode | undefined;
  for (const details of childrenNamed(entry, 'NtryDtls')) {
    const batch = child(details, 'Btch');
    firstBatch ??= batch;
    const count = batch ? textAt(batch, 'NbOfTxs') : null;
    if (count !== null) {
      if (!/^\d+$/.test(count))
        throw errorAt(find(batch!, 'NbOfTxs')!, `"${count}" is not a count.`);
      announced = (announced ?? 0) + Number(count);
    }
    for (const node of childrenNamed(details, 'TxDtls')) {
      if (!isEmptyElement(node)) transactions.push({ node, batch });
    }
  }

  const base = {
    entryAmount,
    entryDirection,
    status,
    reversal,
    bookingDate,
    valueDate,
    entryAcctSvcrRef,
    entryRef,
    entryCode,
    entryInfo,
  };

  if (transactions.length <= 1) {
    refuseZeroLine(entryAmount, entryAmountNode);
    // One transaction is the entry itself: the entry's amount and direction are what the bank
    // booked and what the balance moved by, so they win over the transaction's own. PostFinance's
    // Musterfile has a DBIT entry (PMNT/ICDT/AUTT, an issued transfer) whose only TxDtls says
    // CRDT: the booking is a debit, the transaction's indicator is the odd one, so it is warned of.
    const only = transactions[0];
    if (only) {
      const own = readTransactionAmount(only.node);
      if (own && (own.minor !== entryAmount.minor || own.currency !== entryAmount.currency)) {
        warnings.push(
          `${where}: its transaction says ${formatAmount(own.minor, own.currency)} ${own.currency}, the entry ${formatAmount(entryAmount.minor, entryAmount.currency)} ${entryAmount.currency}; the entry's amount is kept.`,
        );
      }
      const ownDirectionNode = child(only.node, 'CdtDbtInd');
      if (ownDirectionNode && readDirection(ownDirectionNode) !== entryDirection) {
        warnings.push(
          `${where}: the entry is a ${entryDirection} but its transaction says ${readDirection(ownDirectionNode)}; the entry's direction is kept.`,
        );
      }
    }
    return [
      lineDraft(base, only?.node, only?.batch ?? firstBatch, entryAmount, entryDirection, 1, 1),
    ];
  }

  const amounts = transactions.map(({ node }) => readTransactionAmount(node));
  if (amounts.some((amount) => amount === null)) {
    // Several transactions without their amounts cannot be split: the entry stays one line.
    warnings.push(
      `${where}: ${transactions.length} transactions without their own amounts are read as one line of the entry.`,
    );
    refuseZeroLine(entryAmount, entryAmountNode);
    return [lineDraft(base, undefined, firstBatch, entryAmount, entryDirection, 1, 1)];
  }
  if (announced !== null && announced !== transactions.length) {
    warnings.push(
      `${where}: the batch announces ${announced} transactions and details ${transactions.length}.`,
    );
  }
  transactions.forEach(({ node }, index) => {
    refuseZeroLine(amounts[index]!, transactionAmountNode(node)!);
  });
  const directions = transactions.map(({ node }) => {
    const own = child(node, 'CdtDbtInd');
    return own ? readDirection(own) : entryDirection;
  });
  checkEntrySum(where, entryAmount, entryDirection, amounts as Amount[], directions, warnings);
  return transactions.map(({ node, batch }, index) =>
    lineDraft(
      base,
      node,
      batch,
      amounts[index]!,
      directions[index]!,
      index + 1,
      transactions.length,
    ),
  );
}

function checkEntrySum(
  where: string,
  entryAmount: Amount,
  entryDirection: 'credit' | 'debit',
  amounts: readonly Amount[],
  directions: readonly ('credit' | 'debit')[],
  warnings: string[],
): void {
  if (amounts.some((amount) => amount.currency !== entryAmount.currency)) {
    warnings.push(`${where}: its transactions are in another currency than the entry; not summed.`);
    return;
  }
  const signed = (minor: bigint, direction: 'credit' | 'debit'): bigint =>
    direction === 'credit' ? minor : -minor;
  const sum = amounts.reduce(
    (total, amount, index) => total + signed(amount.minor, directions[index]!),
    0n,
  );
  const expected = signed(entryAmount.minor, entryDirection);
  if (sum !== expected) {
    const currency = entryAmount.currency;
    warnings.push(
      `${where}: its transactions sum to ${formatAmount(sum, currency)} ${currency}, the entry is ${formatAmount(expected, currency)} ${currency}: a difference of ${formatAmount(expected - sum, currency)} ${currency}.`,
    );
  }
}

interface EntryBase {
  readonly entryAmount: Amount;
  readonly entryDirection: 'credit' | 'debit';
  readonly status: BankLineStatus;
  readonly reversal: boolean;
  readonly bookingDate: CalendarDate | null;
  readonly valueDate: CalendarDate | null;
  readonly entryAcctSvcrRef: string | null;
  readonly entryRef: string | null;
  readonly entryCode: string | null;
  readonly entryInfo: readonly string[];
}

const transactionReferences = [
  'MsgId',
  'PmtInfId',
  'InstrId',
  'EndToEndId',
  'TxId',
  'MndtId',
  'ChqNb',
  'ClrSysRef',
] as const;

function lineDraft(
  entry: EntryBase,
  tx: XmlNode | undefined,
  batch: XmlNode | undefined,
  amount: Amount,
  direction: 'credit' | 'debit',
  index: number,
  count: number,
): LineDraft {
  const references: Record<string, string> = {};
  const txAcctSvcrRef = tx ? textAt(tx, 'Refs/AcctSvcrRef') : null;
  const acctSvcrRef = txAcctSvcrRef ?? entry.entryAcctSvcrRef;
  if (acctSvcrRef !== null) references['AcctSvcrRef'] = acctSvcrRef;
  if (
    txAcctSvcrRef !== null &&
    entry.entryAcctSvcrRef !== null &&
    txAcctSvcrRef !== entry.entryAcctSvcrRef
  ) {
    references['Ntry/AcctSvcrRef'] = entry.entryAcctSvcrRef;
  }
  if (entry.entryRef !== null) references['NtryRef'] = entry.entryRef;
  for (const name of transactionReferences) {
    // A batch's message and payment-information ids belong to each transaction it holds.
    const value =
      (tx ? textAt(tx, `Refs/${name}`) : null) ??
      (batch && (name === 'MsgId' || name === 'PmtInfId') ? textAt(batch, name) : null);
    if (value !== null) references[name] = value;
  }

  // The other party: who paid for a credit, who was paid for a debit. Banks write a reversal's
  // party on the side of its own direction (the real files do), but some repeat the parties of
  // the transaction taken back: then the other side is the one filled.
  const ownSide = direction === 'credit' ? 'Dbtr' : 'Cdtr';
  const otherSide = direction === 'credit' ? 'Cdtr' : 'Dbtr';
  const parties = tx ? child(tx, 'RltdPties') : undefined;
  const names = (prefix: string) =>
    parties?.children.some((node) => node.name === prefix || node.name === `${prefix}Acct`) ??
    false;
  const side = entry.reversal && !names(ownSide) && names(otherSide) ? otherSide : ownSide;
  const payerName = tx
    ? (textAt(tx, `RltdPties/${side}/Nm`) ?? textAt(tx, `RltdPties/${side}/Pty/Nm`))
    : null;
  const ibanText = tx ? textAt(tx, `RltdPties/${side}Acct/Id/IBAN`) : null;
  const payerAccount =
    ibanText !== null
      ? (normalIban(ibanText) ?? ibanText.replace(/\s+/g, ''))
      : tx
        ? textAt(tx, `RltdPties/${side}Acct/Id/Othr/Id`)
        : null;
  const payerBic = tx
    ? (textAt(tx, `RltdAgts/${side}Agt/FinInstnId/BIC`) ??
      textAt(tx, `RltdAgts/${side}Agt/FinInstnId/BICFI`))
    : null;

  const structured: StructuredRemittance[] = [];
  const unstructured: string[] = [];
  for (const remittance of tx ? childrenNamed(tx, 'RmtInf') : []) {
    for (const part of remittance.children) {
      if (part.name === 'Ustrd') {
        const piece = cleanText(part.text);
        if (piece !== '') unstructured.push(piece);
      } else if (part.name === 'Strd') {
        for (const creditorRef of childrenNamed(part, 'CdtrRefInf')) {
          const reference = textAt(creditorRef, 'Ref')?.replace(/\s+/g, '') ?? '';
          if (reference === '') continue;
          structured.push({
            type:
              textAt(creditorRef, 'Tp/CdOrPrtry/Cd') ?? textAt(creditorRef, 'Tp/CdOrPrtry/Prtry'),
            issuer: textAt(creditorRef, 'Tp/Issr'),
            reference,
          });
        }
      }
    }
  }

  const info = [...entry.entryInfo];
  if (tx) {
    for (const extra of childrenNamed(tx, 'AddtlTxInf')) {
      const text = cleanText(extra.text);
      if (text !== '') info.push(text);
    }
    const ultimate =
      textAt(tx, 'RltdPties/UltmtDbtr/Nm') ?? textAt(tx, 'RltdPties/UltmtDbtr/Pty/Nm');
    if (ultimate !== null) info.push(`Ultimate debtor: ${ultimate}`);
    const returned = textAt(tx, 'RtrInf/AddtlInf');
    if (returned !== null) info.push(`Return: ${returned}`);
  }

  const transactionCode = (tx ? readTransactionCode(child(tx, 'BkTxCd')) : null) ?? entry.entryCode;
  const endToEnd = references['EndToEndId'];

  return (account, position) => {
    // The issue's rule, in this order; an entry's reference is shared by its transactions, so it
    // gets the transaction's number when there are several.
    const ref =
      txAcctSvcrRef ??
      (entry.entryAcctSvcrRef !== null
        ? count > 1
          ? `${entry.entryAcctSvcrRef}/${index}`
          : entry.entryAcctSvcrRef
        : null) ??
      entry.entryRef ??
      (endToEnd !== undefined && endToEnd !== 'NOTPROVIDED' ? endToEnd : null) ??
      fallbackRef(account, entry.bookingDate ?? entry.valueDate, position);
    return {
      position,
      valueDate: entry.valueDate,
      bookingDate: entry.bookingDate,
      amountMinor: amount.minor,
      currency: amount.currency,
      direction,
      status: entry.status,
      reversal: entry.reversal,
      payerName,
      payerAccount,
      payerBic,
      references,
      ref,
      remittance: { structured, unstructured },
      transactionCode,
      additionalInfo: info.length > 0 ? info.join('\n') : null,
    };
  };
}

/** `TxDtls/Amt` (.001.03 on) or `TxDtls/AmtDtls/TxAmt/Amt` (.001.02); never the instructed one. */
function readTransactionAmount(tx: XmlNode): Amount | null {
  const node = transactionAmountNode(tx);
  return node ? readAmount(node) : null;
}

function transactionAmountNode(tx: XmlNode): XmlNode | undefined {
  return child(tx, 'Amt') ?? find(tx, 'AmtDtls/TxAmt/Amt');
}

/**
 * A balance may be zero and so may a transaction whose entry gives the line its amount (genkgo's
 * file has one), but a line may not: it is money moved, and the database refuses a zero one.
 */
function refuseZeroLine(amount: Amount, node: XmlNode): void {
  if (amount.minor === 0n) throw errorAt(node, 'the amount is zero: a line moves money.');
}

function readTransactionCode(node: XmlNode | undefined): string | null {
  if (!node) return null;
  const domain = textAt(node, 'Domn/Cd');
  const family = textAt(node, 'Domn/Fmly/Cd');
  const subFamily = textAt(node, 'Domn/Fmly/SubFmlyCd');
  if (domain !== null && family !== null && subFamily !== null) {
    return `${domain}/${family}/${subFamily}`;
  }
  return textAt(node, 'Prtry/Cd');
}

function required(node: XmlNode, name: string): XmlNode {
  const found = child(node, name);
  if (!found) throw errorAt(node, `<${name}> is missing.`);
  return found;
}

function readAmount(node: XmlNode): Amount {
  const currencyText = node.attributes['Ccy'];
  if (currencyText === undefined) throw errorAt(node, 'the amount has no Ccy attribute.');
  const currency = currencyOf(node, currencyText);
  const text = cleanText(node.text);
  // ISO 20022 amounts are unsigned decimals with a point; the direction is CdtDbtInd's.
  if (!/^\d+(\.\d+)?$/.test(text)) throw errorAt(node, `"${text}" is not an amount.`);
  try {
    return { minor: bankAmountToMinor(text, currency), currency };
  } catch (error) {
    throw errorAt(node, (error as Error).message);
  }
}

function currencyOf(node: XmlNode, text: string): string {
  try {
    return bankCurrency(text);
  } catch (error) {
    throw errorAt(node, (error as Error).message);
  }
}

function readDirection(node: XmlNode): 'credit' | 'debit' {
  const text = cleanText(node.text);
  if (text === 'CRDT') return 'credit';
  if (text === 'DBIT') return 'debit';
  throw errorAt(node, `"${text}" is neither CRDT nor DBIT.`);
}

function readStatus(node: XmlNode): BankLineStatus {
  // Up to .001.07 the code is the element's text; from .001.08 it is in <Sts><Cd>.
  const code = textAt(node, 'Cd') ?? cleanText(node.text);
  switch (code) {
    case 'BOOK':
      return 'booked';
    case 'PDNG':
    // FUTR (.001.08: booked in the future) is not on the account yet, as a pending one.
    case 'FUTR':
      return 'pending';
    case 'INFO':
      return 'info';
    default:
      throw errorAt(node, `"${code}" is not an entry status (BOOK, PDNG, INFO).`);
  }
}

function readBoolean(node: XmlNode): boolean {
  const text = cleanText(node.text);
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw errorAt(node, `"${text}" is not true or false.`);
}

/** `<Dt>` or `<DtTm>` inside `node`: the calendar date as written, no time zone conversion. */
function readDateChoice(node: XmlNode): CalendarDate {
  const dateNode = child(node, 'Dt') ?? child(node, 'DtTm');
  if (!dateNode) throw errorAt(node, `<${node.name}> has neither <Dt> nor <DtTm>.`);
  const text = cleanText(dateNode.text);
  const shape =
    dateNode.name === 'Dt'
      ? /^\d{4}-\d{2}-\d{2}$/
      : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
  if (!shape.test(text)) throw errorAt(dateNode, `"${text}" is not a date.`);
  try {
    return bankDate(text);
  } catch {
    throw errorAt(dateNode, `"${text}" is not a real calendar date.`);
  }
}
