import { describe, expect, it } from 'vitest';
import {
  categoryNeedsExemptionReason,
  unitChoices,
  unitLabel,
  vatCategories,
  vatCategoryLabel,
} from './line-codes';

describe('the line codes', () => {
  it('asks a reason of exactly the categories charged nothing for a reason', () => {
    expect(vatCategories.filter(categoryNeedsExemptionReason)).toEqual(['E', 'AE', 'K', 'G', 'O']);
  });

  it('names the common units and categories, and shows another code as it is', () => {
    expect(unitLabel('HUR')).toBe('hour');
    expect(unitLabel('XYZ')).toBe('XYZ');
    expect(vatCategoryLabel('AE')).toBe('Reverse charge (AE)');
    expect(unitChoices('HUR')).toHaveLength(unitChoices('').length);
    expect(unitChoices('KTM').at(-1)).toEqual({ code: 'KTM', label: 'KTM' });
  });
});
