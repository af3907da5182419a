import type { ReactNode } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';

/**
 * A button that opens a modal dialog with a form: react-aria moves the focus into it, keeps it
 * there, closes it on Escape and gives the focus back to the button, and the dialog is named by
 * its heading. `children` gets `close`, to call once the action is done.
 *
 * In a table's row the button keeps a short word ("Edit") and `name` gives it an accessible name
 * that names the row too ("Edit Ann Smith"), so that a screen reader's list of buttons tells the
 * rows apart while the table stays narrow.
 */
export function ActionDialog({
  label,
  title,
  children,
  className,
  name,
}: {
  /** The button's visible text, e.g. "Record payment". */
  label: string;
  /** The dialog's heading; the button's text when not given. */
  title?: string;
  children: (close: () => void) => ReactNode;
  className?: string;
  /** The button's accessible name, starting with its visible text; the text when not given. */
  name?: string;
}) {
  return (
    <DialogTrigger>
      <Button className={className ?? 'button'} aria-label={name}>
        {label}
      </Button>
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

/**
 * The foot of a dialog's form: Cancel closes it, the submit button is disabled while the request
 * is on its way and says so.
 */
export function DialogButtons({
  close,
  running,
  label,
  runningLabel = 'Working…',
}: {
  close: () => void;
  running: boolean;
  label: string;
  runningLabel?: string;
}) {
  return (
    <div className="dialog-actions">
      <button type="button" className="secondary" onClick={close}>
        Cancel
      </button>
      <button type="submit" disabled={running}>
        {running ? runningLabel : label}
      </button>
    </div>
  );
}
