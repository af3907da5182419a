import type { ReactNode } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';

/**
 * A button that opens a modal dialog with a form: react-aria moves the focus into it, keeps it
 * there, closes it on Escape and gives the focus back to the button, and the dialog is named by
 * its heading. `children` gets `close`, to call once the action is done.
 */
export function ActionDialog({
  label,
  title,
  children,
  className,
}: {
  /** The button's visible text, e.g. "Record payment". */
  label: string;
  /** The dialog's heading; the button's text when not given. */
  title?: string;
  children: (close: () => void) => ReactNode;
  className?: string;
}) {
  return (
    <DialogTrigger>
      <Button className={className ?? 'button'}>{label}</Button>
      <ModalOverlay className="modal-overlay">
        <Modal className="modal">
          <Dialog className="dialog">
            {({ close }) => (
              <>
                <Heading slot="title">{title ?? label}</Heading>
                {children(close)}
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
