import { useId, useState, type FormEvent } from 'react';
import { LIMITS, type StaffAccount, type UpdateUserRequest } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { errorCode, errorReason, errorText } from '../shared/console-client';
import { i18n } from '../shared/i18n';
import { Dialog } from '../shared/Dialog';
import { ImeSafeForm } from '../shared/ImeSafeForm';
import { FormError } from '../shared/Section';
import { showToast } from '../shared/toasts';

type Save = (patch: UpdateUserRequest) => Promise<unknown>;

/** The gateway's plain conflicts here are the self and last-supervisor rules: say them, not "someone changed it". */
function accountError(error: unknown): string {
  return errorCode(error) === 'conflict' && !errorReason(error) ? i18n.t('accounts.conflict') : errorText(error);
}

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
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function disable() {
    setBusy(true);
    setError(null);
    try {
      await onSave({ disabled: true });
    } catch (err) {
      setError(accountError(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('accountDialog.confirmTitle', { name: account.name })} onClose={onClose} size="small">
      <div className="dialog-body">
        <p>
          {t(account.role === 'agent' ? 'accountDialog.confirmBodyAgent' : 'accountDialog.confirmBody', {
            name: account.name,
          })}
        </p>
        <FormError error={error} />
        <footer className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('accountDialog.keepEnabled')}
          </button>
          <button
            type="button"
            className="button danger solid"
            disabled={busy}
            onClick={() => void disable()}
          >
            {t('accountDialog.confirmDisable')}
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
  const { t } = useTranslation();
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
      setError(accountError(err));
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (changed) void applyHere(patch, t('accountDialog.saved', { name: patch.name ?? account.name }));
  }

  return (
    <Dialog title={t('accountDialog.title', { name: account.name })} onClose={onClose}>
      <ImeSafeForm className="dialog-body" onSubmit={submit}>
        <p className="muted">
          {t('accountDialog.emailAndRole', { email: account.email, role: t(`role.${account.role}`) })}
        </p>
        <label className="field">
          {t('accountDialog.name')}
          <input
            required
            maxLength={LIMITS.nameMaxLength}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        {account.role === 'agent' && (
          <div className="field">
            <label htmlFor={`${fieldId}-load`}>{t('accountDialog.loadLimit')}</label>
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
              {t('accountDialog.loadLimitHint')}
            </span>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${fieldId}-password`}>{t('accountDialog.newPassword')}</label>
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
              ? t('accountDialog.passwordHintSelf')
              : t('accountDialog.passwordHintOther', { name: account.name })}
          </span>
        </div>
        <FormError error={error} />
        <footer className="dialog-actions">
          {account.disabled ? (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() =>
                void applyHere({ disabled: false }, t('accountDialog.enabledToast', { name: account.name }))
              }
            >
              {t('accountDialog.enable')}
            </button>
          ) : (
            !isSelf && (
              <button
                type="button"
                className="button danger"
                disabled={busy}
                onClick={() => setConfirming(true)}
              >
                {t('accountDialog.disable')}
              </button>
            )
          )}
          <span className="spacer" />
          <button type="button" className="button" onClick={onClose}>
            {t('dialog.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={busy || !changed}>
            {t('accountDialog.save')}
          </button>
        </footer>
      </ImeSafeForm>
      {confirming && (
        <ConfirmDisable
          account={account}
          onClose={() => setConfirming(false)}
          onSave={(change) => apply(change, t('accountDialog.disabledToast', { name: account.name }))}
        />
      )}
    </Dialog>
  );
}
