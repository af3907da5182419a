import type { FormEvent } from 'react';
import { postJson } from '../../api/client';
import type { InvoiceDetail, InvoiceSent } from '../../api/types';
import { useAction } from '../../api/use-action';
import { ActionDialog, DialogButtons } from '../../components/dialog';
import { DownloadLinks } from '../../components/download-links';
import { ErrorAlert } from '../../components/error-alert';
import { useNotice } from '../../components/notice';
import { useCan } from '../../permissions';

/** The fields a refused e-invoice may name, as the user knows them. */
const documentFieldLabels: Readonly<Record<string, string>> = {
  currency: 'Currency',
  'organization.name': "Organization's legal name",
  'organization.electronic_address': "Organization's electronic address",
  'organization.country_code': "Organization's country",
  'organization.vat_id': "Organization's VAT identifier",
  'organization.registration_id': "Organization's registration number",
  'customer.name': "Customer's legal name",
  'customer.electronic_address': "Customer's electronic address",
  'customer.country_code': "Customer's country",
  'customer.vat_id': "Customer's VAT identifier",
  'customer.buyer_reference': "Customer's buyer reference",
  lines: 'Lines',
};

/**
 * The issued document's files, as the customer receives them. The API refuses an e-invoice that
 * lacks a field the standard requires, with an error naming it, which is shown next to the links.
 */
export function DocumentDownloads({
  path,
  label,
  number,
}: {
  /** The document's API path, e.g. `/invoices/{id}`. */
  path: string;
  /** What the document is, for the links' accessible names ("invoice INV-000042"). */
  label: string;
  /** Its number, the name its files are saved under should the API give none. */
  number: string | null | undefined;
}) {
  const name = number ?? 'document';
  return (
    <DownloadLinks
      className="document-downloads"
      of={label}
      fieldLabels={documentFieldLabels}
      files={[
        { path: `${path}/pdf`, kind: 'PDF', fallbackName: `${name}.pdf` },
        { path: `${path}/ubl`, kind: 'e-invoice (UBL)', fallbackName: `${name}.xml` },
      ]}
    />
  );
}

/**
 * Where the invoice goes, in the API's own sentences (they name the addresses and the files
 * attached or not); the addresses alone should the API ever have nothing to say.
 */
export function sentText(number: string | null | undefined, sent: InvoiceSent): string {
  const said = sent.notices.length > 0 ? sent.notices.join(' ') : `To ${sent.to.join(', ')}.`;
  return `Sending invoice ${number ?? ''} again. ${said}`;
}

function SendAgainForm({ invoice, close }: { invoice: InvoiceDetail; close: () => void }) {
  const { notify } = useNotice();
  const send = useAction((_: undefined, options) =>
    postJson<InvoiceSent>(`/invoices/${invoice.id}/send`, undefined, options),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const sent = await send.run(undefined);
    if (sent) {
      notify(sentText(invoice.number, sent));
      close();
    }
  };
  return (
    <form onSubmit={submit} aria-label="Send the invoice again">
      <p>
        Invoice {invoice.number} is e-mailed again, with its PDF, to the customer&apos;s billing
        contacts (and with its e-invoice when the customer takes one).
      </p>
      {send.error && <ErrorAlert error={send.error} />}
      <DialogButtons close={close} label="Send" running={send.running} />
    </form>
  );
}

/**
 * An issued invoice's documents for everyone who may read it, and sending it again for those who
 * may post invoices (the API's rule for POST /invoices/{id}/send). A draft has no number yet, so
 * no document; a void invoice is no longer owed, so it is not sent.
 */
export function InvoiceDocuments({ invoice }: { invoice: InvoiceDetail }) {
  const can = useCan();
  if (invoice.status === 'draft') return null;
  return (
    <section aria-labelledby="documents-heading" className="invoice-documents">
      <h2 id="documents-heading">Documents</h2>
      <DocumentDownloads
        path={`/invoices/${invoice.id}`}
        label={`invoice ${invoice.number}`}
        number={invoice.number}
      />
      {invoice.status !== 'void' && can('invoices.post') && (
        <ActionDialog
          label="Send again"
          title={`Send invoice ${invoice.number} again`}
          className="button secondary"
        >
          {(close) => <SendAgainForm invoice={invoice} close={close} />}
        </ActionDialog>
      )}
    </section>
  );
}
