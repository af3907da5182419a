import type { Invoice } from '../../api/types';

export const statusLabels: Readonly<Record<Invoice['status'], string>> = {
  draft: 'Draft',
  open: 'Open',
  partially_paid: 'Partially paid',
  paid: 'Paid',
  written_off: 'Written off',
  void: 'Void',
};
