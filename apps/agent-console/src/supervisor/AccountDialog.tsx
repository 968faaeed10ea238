import { useId, useState, type FormEvent } from 'react';
import { LIMITS, type StaffAccount, type UpdateUserRequest } from '@switchboard/protocol';
import { errorText } from '../shared/console-client';
import { Dialog } from '../shared/Dialog';
import { FormError } from '../shared/Section';
import { showToast } from '../shared/toasts';

type Save = (patch: UpdateUserRequest) => Promise<unknown>;

/** Asks before disabling: the person is signed out everywhere at once. */
function ConfirmDisable({
  account,
  onSave,
  onClose,
}: {
  account: StaffAccount;
  onSave: Save;
  onClose: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function disable() {
    setBusy(true);
    setError(null);
    try {
      await onSave({ disabled: true });
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Disable ${account.name}?`} onClose={onClose} size="small">
      <div className="dialog-body">
        <p>
          {account.name} is signed out at once on every device and cannot sign in until the account is enabled
          again.
          {account.role === 'agent' && ' Their open conversations go back to the queue.'}
        </p>
        <FormError error={error} />
        <footer className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Keep enabled
          </button>
          <button
            type="button"
            className="button danger solid"
            disabled={busy}
            onClick={() => void disable()}
          >
            Disable account
          </button>
        </footer>
      </div>
    </Dialog>
  );
}

/** Edits one account: name, load limit, a new password, and enabling or (after confirming) disabling it. */
export function AccountDialog({
  account,
  isSelf,
  onSave,
  onClose,
}: {
  account: StaffAccount;
  /** The signed-in supervisor's own account: it cannot be disabled, and a new password signs them out. */
  isSelf: boolean;
  onSave: Save;
  onClose: () => void;
}) {
  const [name, setName] = useState(account.name);
  const [maxConcurrent, setMaxConcurrent] = useState(String(account.maxConcurrent));
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const fieldId = useId();

  const patch: UpdateUserRequest = {};
  if (name.trim() !== account.name) patch.name = name.trim();
  if (account.role === 'agent' && Number(maxConcurrent) !== account.maxConcurrent)
    patch.maxConcurrent = Number(maxConcurrent);
  if (password) patch.password = password;
  const changed = Object.keys(patch).length > 0;

  /** Saves, says so and closes; a refusal is thrown to whoever shows it (this form or the confirmation). */
  async function apply(change: UpdateUserRequest, done: string) {
    await onSave(change);
    showToast(done);
    onClose();
  }

  async function applyHere(change: UpdateUserRequest, done: string) {
    setBusy(true);
    setError(null);
    try {
      await apply(change, done);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (changed) void applyHere(patch, `Saved ${patch.name ?? account.name}`);
  }

  return (
    <Dialog title={`Edit ${account.name}`} onClose={onClose}>
      <form className="dialog-body" onSubmit={submit}>
        <p className="muted">
          {account.email} · {account.role === 'agent' ? 'Agent' : 'Supervisor'}
        </p>
        <label className="field">
          Name
          <input
            required
            maxLength={LIMITS.nameMaxLength}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        {account.role === 'agent' && (
          <div className="field">
            <label htmlFor={`${fieldId}-load`}>Load limit</label>
            <input
              id={`${fieldId}-load`}
              type="number"
              required
              min={1}
              max={LIMITS.maxConcurrentMax}
              value={maxConcurrent}
              onChange={(e) => setMaxConcurrent(e.target.value)}
              aria-describedby={`${fieldId}-load-hint`}
            />
            <span id={`${fieldId}-load-hint`} className="field-hint">
              Conversations this agent may hold at once
            </span>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${fieldId}-password`}>New password</label>
          <input
            id={`${fieldId}-password`}
            type="password"
            autoComplete="new-password"
            minLength={LIMITS.passwordMinLength}
            maxLength={LIMITS.passwordMaxLength}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-describedby={`${fieldId}-password-hint`}
          />
          <span id={`${fieldId}-password-hint`} className="field-hint">
            {isSelf
              ? 'Leave empty to keep it. A new password signs you out everywhere.'
              : `Leave empty to keep it. A new password signs ${account.name} out everywhere.`}
          </span>
        </div>
        <FormError error={error} />
        <footer className="dialog-actions">
          {account.disabled ? (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void applyHere({ disabled: false }, `${account.name} can sign in again`)}
            >
              Enable account
            </button>
          ) : (
            !isSelf && (
              <button
                type="button"
                className="button danger"
                disabled={busy}
                onClick={() => setConfirming(true)}
              >
                Disable account…
              </button>
            )
          )}
          <span className="spacer" />
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || !changed}>
            Save changes
          </button>
        </footer>
      </form>
      {confirming && (
        <ConfirmDisable
          account={account}
          onClose={() => setConfirming(false)}
          onSave={(change) => apply(change, `${account.name} is disabled and signed out`)}
        />
      )}
    </Dialog>
  );
}
