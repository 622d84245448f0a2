/** "Are you sure?" before an action that changes or removes something. */
import { type ReactNode, useState } from "react";
import { Dialog } from "./dialog.js";

export interface ConfirmProps {
  title: string;
  open: boolean;
  /** The button's text, e.g. "Delete". */
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<void> | void;
  onClose: () => void;
  children: ReactNode;
}

export function ConfirmDialog({
  title,
  open,
  confirmLabel,
  danger,
  onConfirm,
  onClose,
  children,
}: ConfirmProps) {
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      onClose();
    }
  };
  return (
    <Dialog
      title={title}
      open={open}
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className={danger ? "danger" : "primary"} disabled={busy} onClick={confirm}>
            {busy ? "Working…" : confirmLabel}
          </button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
