import { describe, expect, it } from 'vitest';
import { pdfPagesText as pagesText } from '../../../test/support/pdf.js';
import { renderTableDocument } from './table-document.js';

describe('renderTableDocument', () => {
  it('cuts a cell too long for its column with an ellipsis instead of spilling it', async () => {
    const long =
      'A very long customer name that cannot possibly fit into a narrow column of a report';
    const pdf = await renderTableDocument({
      title: 'Test',
      subtitle: [],
      blocks: [
        {
          kind: 'table',
          columns: [
            { header: 'Name', width: 1 },
            { header: 'Amount', width: 4, align: 'right' },
          ],
          rows: [{ cells: [long, '12.34'] }],
        },
      ],
    });
    const [text] = await pagesText(pdf);
    expect(text).toContain('12.34');
    expect(text).toContain('…');
    expect(text).not.toContain('narrow column');
  });

  it('breaks a long table across pages, repeating the header, and numbers the pages', async () => {
    const rows = Array.from({ length: 150 }, (_, index) => ({
      cells: [`row ${index + 1}`, String(index)],
    }));
    const pdf = await renderTableDocument({
      title: 'Long',
      subtitle: ['Subtitle'],
      blocks: [
        {
          kind: 'table',
          columns: [
            { header: 'Row', width: 1 },
            { header: 'N', width: 1 },
          ],
          rows,
        },
      ],
    });
    const pages = await pagesText(pdf);
    expect(pages.length).toBeGreaterThan(1);
    for (const [index, page] of pages.entries()) {
      expect(page).toContain('Row');
      expect(page).toContain(`page ${index + 1} of ${pages.length}`);
    }
    expect(pages.join(' ')).toContain('row 150');
  });
});
