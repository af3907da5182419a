import type { ReactNode } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';

/**
 * ActionDialog for a row of a table: the button shows a short word ("Done") and is named after
 * the row it acts on ("Done: Call Alpha GmbH"), so that a screen reader's list of buttons tells
 * the rows apart. Focus moves into the dialog and back to the button, as with ActionDialog.
 */
export function RowDialog({
  label,
  name,
  title,
  children,
}: {
  label: string;
  /** The accessible name: starts with the visible label. */
  name: string;
  title: string;
  children: (close: () => void) => ReactNode;
}) {
  return (
    <DialogTrigger>
      <Button className="button" aria-label={name}>
        {label}
      </Button>
      <ModalOverlay className="modal-overlay">
        <Modal className="modal">
          <Dialog className="dialog">
            {({ close }) => (
              <>
                <Heading slot="title">{title}</Heading>
                {children(close)}
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
