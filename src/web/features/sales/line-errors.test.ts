import { describe, expect, it } from 'vitest';
import { lineErrorLookup } from './line-errors.ts';
import type { LineDraft } from './line-items-editor.tsx';

const row = (key: string, description: string): LineDraft => ({
  key,
  productId: null,
  sku: null,
  description,
  quantity: '1',
  unitPrice: 100,
  discountPercent: null,
  discountAmount: null,
  taxRate: '25',
});

describe('line errors', () => {
  it('puts the server’s `lines.N` on the N-th non-empty row, past empty rows above it', () => {
    const rows = [row('a', 'Bike'), row('b', ''), row('c', 'Helmet')];
    const errorOf = lineErrorLookup(rows, [{ path: 'lines.1.quantity', message: 'Too many' }]);
    expect(errorOf('c', 'quantity')).toBe('Too many');
    expect(errorOf('b', 'quantity')).toBeUndefined();
    expect(errorOf('a', 'quantity')).toBeUndefined();
  });

  it('reads a field-error map as well as a problem list', () => {
    const errorOf = lineErrorLookup([row('a', 'Bike')], { 'lines.0.taxRate': 'Unknown rate' });
    expect(errorOf('a', 'taxRate')).toBe('Unknown rate');
    expect(lineErrorLookup([row('a', 'Bike')], undefined)('a', 'taxRate')).toBeUndefined();
  });
});
