import type { ReactNode } from "react";

/** One pending action, as a labelled group: what it will do (`children`), then its confirm and cancel buttons. */
export function ConfirmStep(props: {
  groupLabel: string;
  children: ReactNode;
  confirmLabel: string;
  className?: string;
  isBusy: boolean;
  autoFocus?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="stack" role="group" aria-label={props.groupLabel}>
      {props.children}
      <div className="row">
        <button type="button" className={props.className} onClick={props.onConfirm} disabled={props.isBusy} autoFocus={props.autoFocus}>
          {props.confirmLabel}
        </button>
        <button type="button" className="secondary-button" onClick={props.onCancel} disabled={props.isBusy}>
          Cancel
        </button>
      </div>
    </div>
  );
}
