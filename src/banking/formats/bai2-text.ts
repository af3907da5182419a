/**
 * BAI2 has no field for the other party of a transaction; banks write it into the free text of
 * the 16 record and its 88 continuations as "KEY: value" pieces. Two conventions are read:
 *
 * - Goldman Sachs, one key a line: `DBNM:`/`CRNM:` debtor/creditor name, `DACT:`/`CACT:`
 *   account, `DBIC:`/`CBIC:` BIC, `EREF:` end-to-end id, `REMI:` remittance, `CHKN:` cheque.
 * - Citi UK: `BO:account BO1:name` ("by order of": the payer), `OB:sort-code branch OB3:bank`
 *   (the ordering bank), `TRID:` transaction id, `PY:` the payer's reference, `FR:` the scheme.
 *
 * Anything else stays text only.
 */

export interface Bai2Party {
  readonly name: string | null;
  readonly account: string | null;
  readonly bic: string | null;
  readonly references: Record<string, string>;
}

const linePattern = /^([A-Z][A-Z0-9]{1,5}):\s*(.*)$/;
/** Citi's sub-keys inside a value: "111111 BUCKINGHAM PALACE OB3:BARCLAYS BANK PLC". */
const inlinePattern = /\s([A-Z]{2}\d):/g;

export function keyValues(pieces: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  const set = (key: string, value: string) => {
    const trimmed = value.trim();
    if (trimmed !== '' && !values.has(key)) values.set(key, trimmed);
  };
  for (const piece of pieces) {
    const match = linePattern.exec(piece.trim());
    if (!match) continue;
    const [, key, value] = match as unknown as [string, string, string];
    const inline = [...value.matchAll(inlinePattern)];
    if (inline.length === 0 || !/^(OB|BO)$/.test(key)) {
      set(key, value);
      continue;
    }
    set(key, value.slice(0, inline[0]!.index));
    inline.forEach((sub, index) => {
      const end = index + 1 < inline.length ? inline[index + 1]!.index : value.length;
      set(sub[1]!, value.slice(sub.index + sub[0].length, end));
    });
  }
  return values;
}

/** The other party: the debtor of a credit, the creditor of a debit. */
export function bai2Party(pieces: readonly string[], direction: 'credit' | 'debit'): Bai2Party {
  const values = keyValues(pieces);
  const get = (key: string) => values.get(key) ?? null;
  const references: Record<string, string> = {};
  const eref = get('EREF');
  if (eref) references.EndToEndId = eref;
  const cheque = get('CHKN');
  if (cheque) references.ChqNb = cheque;
  const transactionId = get('TRID');
  if (transactionId) references.TRID = transactionId;
  const clearingRef = get('CREF');
  if (clearingRef) references.CREF = clearingRef;
  if (direction === 'credit') {
    return {
      name: get('DBNM') ?? get('BO1'),
      account: get('DACT') ?? get('BO'),
      bic: get('DBIC'),
      references,
    };
  }
  return { name: get('CRNM'), account: get('CACT'), bic: get('CBIC'), references };
}
