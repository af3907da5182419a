import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectStatementFormat } from './detect-format.js';

const fixtures = new URL('../../../test/fixtures/bank/', import.meta.url);

const folders = [
  ['bai2', 'bai2', 5],
  ['camt053', 'camt.053', 7],
  ['camt054', 'camt.054', 3],
  ['mt940', 'mt940', 5],
  ['ofx', 'ofx', 5],
] as const;

describe('detectStatementFormat on every real file', () => {
  it.each(folders)('knows every file in %s as %s', (folder, format, count) => {
    const names = readdirSync(new URL(`${folder}/`, fixtures));
    expect(names).toHaveLength(count);
    for (const name of names) {
      const text = readFileSync(new URL(`${folder}/${name}`, fixtures), 'utf8');
      expect(detectStatementFormat(text), name).toBe(format);
      for (const ending of ['\n', '\r\n', '\r']) {
        const rewritten = text.replace(/\r\n|\r|\n/g, ending);
        expect(detectStatementFormat(rewritten), `${name} with ${JSON.stringify(ending)}`).toBe(
          format,
        );
      }
      expect(detectStatementFormat(`\ufeff${text}`), `${name} with a BOM`).toBe(format);
    }
  });
});

describe('detectStatementFormat on near misses', () => {
  const camt = (namespace: string, root = 'Document') =>
    `<?xml version="1.0"?>\n<${root} xmlns="${namespace}"><BkToCstmrStmt/></${root}>`;

  it('reads the namespace of the root element, not a mention of camt anywhere', () => {
    expect(
      detectStatementFormat(camt('urn:iso:std:iso:20022:tech:xsd:camt.052.001.02')),
    ).toBeNull();
    expect(
      detectStatementFormat(camt('urn:iso:std:iso:20022:tech:xsd:pain.001.001.03')),
    ).toBeNull();
    expect(
      detectStatementFormat(
        '<?xml version="1.0"?><!-- a camt.053 statement follows -->\n' +
          '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">' +
          'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02</Invoice>',
      ),
    ).toBeNull();
    // The namespace bound to the root's prefix counts; one bound to another prefix does not.
    expect(
      detectStatementFormat(
        '<ns2:Document xmlns:ns2="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><ns2:BkToCstmrStmt/></ns2:Document>',
      ),
    ).toBe('camt.053');
    expect(
      detectStatementFormat(
        '<Document xmlns:ns2="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"></Document>',
      ),
    ).toBeNull();
    expect(detectStatementFormat('<html><body>camt.053</body></html>')).toBeNull();
    expect(detectStatementFormat('<?xml version="1.0"?><!-- never closed')).toBeNull();
  });

  it('knows OFX by its header, its <?OFX?> instruction or its root, and nothing else', () => {
    expect(detectStatementFormat('\n\nOFXHEADER:100\nDATA:OFXSGML\n')).toBe('ofx');
    expect(detectStatementFormat('<OFX><SIGNONMSGSRSV1>')).toBe('ofx');
    expect(detectStatementFormat('<?xml version="1.0"?>\n<?OFX OFXHEADER="200"?>')).toBe('ofx');
    expect(detectStatementFormat('<?xml version="1.0"?>\n<OFXDATA></OFXDATA>')).toBeNull();
    expect(detectStatementFormat('DATA:OFXSGML\nVERSION:102\n')).toBeNull();
  });

  it('knows MT940 by its first tag, envelope or preamble, and not MT942 or a stray tag', () => {
    expect(
      detectStatementFormat('\x01{1:F01BANKBEBBAXXX0000000000}{2:O942XXXX}{4:\r\n:20:X'),
    ).toBeNull();
    expect(
      detectStatementFormat('{1:F01BANKBEBBAXXX0000000000}{2:I940BANKBEBBXXXXN}{4:\n:20:X'),
    ).toBe('mt940');
    expect(detectStatementFormat(':25:NL50RABO0123456789\n:28C:0\n')).toBeNull();
    expect(detectStatementFormat('ABNANL2A\n940\nABNANL2A\nsomething else\n')).toBeNull();
    expect(detectStatementFormat('\r\n:20:STARTUMS\r\n:25:1/2\r\n')).toBe('mt940');
  });

  it('knows BAI2 by a file header with a YYMMDD date, not any line starting with 01', () => {
    expect(detectStatementFormat('01,SENDER,RECEIVER,240131,0800,1,,,2/\n')).toBe('bai2');
    expect(detectStatementFormat('01,Payment received,12.50\n')).toBeNull();
    expect(detectStatementFormat('01.03.2024;Gutschrift;1.250,00\n')).toBeNull();
  });

  it('never guesses a CSV export or anything else', () => {
    expect(
      detectStatementFormat('Date,Description,Debit,Credit\n01/02/2024,ACH,,1.00\n'),
    ).toBeNull();
    expect(detectStatementFormat('"Buchungstag";"Betrag"\n"04.03.2024";"1.250,00"\n')).toBeNull();
    expect(detectStatementFormat('')).toBeNull();
    expect(detectStatementFormat('{"statements": []}')).toBeNull();
  });
});
