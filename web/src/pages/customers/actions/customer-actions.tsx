import type { ReactNode } from 'react';
import { ActionDialog } from '../../../components/dialog';
import { useCan, type Permission } from '../../../permissions';
import { CallForm } from './call-dialog';
import { OpenDisputeForm, SettleDisputeForm } from './dispute-dialog';
import { NoteForm } from './note-dialog';
import { NonpaymentForm } from './nonpayment-dialog';
import { PauseForm } from './pause-dialog';
import { PlaceForm, RecallForm } from './placement-dialog';
import { CancelPlanForm, PlanForm } from './plan-dialog';
import { PromiseForm } from './promise-dialog';
import './customer-actions.css';

type Form = (props: { customerId: string; close: () => void }) => ReactNode;

/** Each action, the permission it needs (the API's, from src/core/roles.ts) and its form. */
const actions: readonly {
  readonly label: string;
  readonly permission: Permission;
  readonly form: Form;
}[] = [
  { label: 'Log a call', permission: 'collections.work', form: CallForm },
  { label: 'Add a note', permission: 'collections.work', form: NoteForm },
  { label: 'Record a promise to pay', permission: 'collections.work', form: PromiseForm },
  { label: 'Open a dispute', permission: 'collections.work', form: OpenDisputeForm },
  { label: 'Settle a dispute', permission: 'collections.work', form: SettleDisputeForm },
  { label: 'Set up a payment plan', permission: 'collections.work', form: PlanForm },
  { label: 'Cancel a payment plan', permission: 'collections.work', form: CancelPlanForm },
  { label: 'Pause follow-up', permission: 'collections.work', form: PauseForm },
  { label: 'Set a non-payment reason', permission: 'collections.work', form: NonpaymentForm },
  { label: 'Place with an agency', permission: 'collections.manage', form: PlaceForm },
  { label: 'Recall from the agency', permission: 'collections.manage', form: RecallForm },
];

/**
 * The collector's actions on a customer (log a call, add a note, record a promise, open or settle
 * a dispute, set up or cancel a payment plan, pause follow-up, give a non-payment reason, place
 * with an agency or recall), each a button that opens its dialog: two clicks from the customer
 * page. Only the actions the signed-in role may take are shown, so a viewer meets no button that
 * would fail; each one says what it did, and every list on screen reloads after it.
 */
export function CustomerActions({ customerId }: { customerId: string }) {
  const can = useCan();
  const allowed = actions.filter((action) => can(action.permission));
  if (allowed.length === 0) return null;
  return (
    <div
      className="customer-actions"
      role="group"
      aria-label="Actions on this customer"
      data-customer-id={customerId}
    >
      {allowed.map(({ label, form: Form }) => (
        <ActionDialog key={label} label={label} className="customer-action">
          {(close) => <Form customerId={customerId} close={close} />}
        </ActionDialog>
      ))}
    </div>
  );
}
