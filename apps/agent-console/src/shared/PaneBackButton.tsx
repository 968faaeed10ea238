import { BackIcon } from './icons';
import { paneBack } from './router';

/** A phone pane's way back (the browser's Back does the same: each pane is a history entry). */
export function PaneBackButton({ label }: { label: string }) {
  return (
    <button
      type="button"
      className="icon-button pane-back"
      aria-label={label}
      title={label}
      onClick={paneBack}
    >
      <BackIcon />
    </button>
  );
}
