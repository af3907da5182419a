/**
 * camt.053 statements and camt.054 notifications written for tests: one booked (or pending)
 * credit transaction per entry, with the bank's reference, the payer and the remittance text,
 * on the account DE89370400440532013000.
 */
export interface CamtEntry {
  readonly ref: string;
  readonly amount: string;
  readonly text: string;
  readonly currency?: string;
  readonly status?: 'BOOK' | 'PDNG';
  readonly direction?: 'CRDT' | 'DBIT';
  readonly date?: string;
  readonly payer?: string;
  readonly payerAccount?: string;
  /** A credit the bank takes back: a debit with the reversal indicator. */
  readonly reversal?: boolean;
  readonly endToEndId?: string;
}

export const testAccountIban = 'DE89370400440532013000';

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export function camt(
  kind: '053' | '054',
  statementId: string,
  entries: readonly CamtEntry[],
): string {
  const root = kind === '053' ? 'BkToCstmrStmt' : 'BkToCstmrDbtCdtNtfctn';
  const block = kind === '053' ? 'Stmt' : 'Ntfctn';
  const body = entries
    .map((entry) => {
      const date = entry.date ?? '2026-11-02';
      return `
      <Ntry>
        <Amt Ccy="${entry.currency ?? 'EUR'}">${entry.amount}</Amt>
        <CdtDbtInd>${entry.direction ?? 'CRDT'}</CdtDbtInd>${entry.reversal ? '\n        <RvslInd>true</RvslInd>' : ''}
        <Sts>${entry.status ?? 'BOOK'}</Sts>
        <BookgDt><Dt>${date}</Dt></BookgDt>
        <ValDt><Dt>${date}</Dt></ValDt>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><AcctSvcrRef>${escapeXml(entry.ref)}</AcctSvcrRef><EndToEndId>${escapeXml(entry.endToEndId ?? 'NOTPROVIDED')}</EndToEndId></Refs>
          <RltdPties><Dbtr><Nm>${escapeXml(entry.payer ?? 'Acme GmbH')}</Nm></Dbtr><DbtrAcct><Id><IBAN>${entry.payerAccount ?? 'DE02120300000000202051'}</IBAN></Id></DbtrAcct></RltdPties>
          <RmtInf><Ustrd>${escapeXml(entry.text)}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.${kind}.001.02">
  <${root}>
    <GrpHdr><MsgId>${statementId}</MsgId><CreDtTm>2026-11-02T18:00:00</CreDtTm></GrpHdr>
    <${block}>
      <Id>${statementId}</Id>
      <CreDtTm>2026-11-02T18:00:00</CreDtTm>
      <Acct><Id><IBAN>${testAccountIban}</IBAN></Id><Ccy>EUR</Ccy></Acct>${body}
    </${block}>
  </${root}>
</Document>
`;
}
