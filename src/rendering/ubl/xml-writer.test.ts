import { describe, expect, it } from 'vitest';
import { element, escapeAttribute, escapeText, serializeXml, textElement } from './xml-writer.js';

describe('xml-writer', () => {
  it('escapes markup in text and quotes in attributes', () => {
    expect(escapeText('a < b & c > d "e"')).toBe('a &lt; b &amp; c &gt; d "e"');
    expect(escapeAttribute(`say "hi" & 'bye'\n`)).toBe(
      'say &quot;hi&quot; &amp; &apos;bye&apos;&#10;',
    );
  });

  it('drops characters XML 1.0 cannot carry', () => {
    expect(escapeText('bell\u0007 tab\t')).toBe('bell tab\t');
  });

  it('leaves out absent children and blank text elements, and splices arrays', () => {
    const root = element(
      'r',
      { id: 'x"y' },
      null,
      false,
      textElement('a', '  '),
      textElement('b', 'B&B'),
      [element('c', {}), [element('d', {}, 'é')]],
    );
    expect(serializeXml(root)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<r id="x&quot;y">\n  <b>B&amp;B</b>\n  <c/>\n  <d>é</d>\n</r>\n',
    );
  });

  it('refuses text beside elements, which UBL never has', () => {
    expect(() => serializeXml(element('r', {}, 'text', element('e', {})))).toThrow(/mixed/);
  });
});
