import { useRef, useState, type FormEvent } from 'react';
import {
  CANNED_REPLY_LIMITS,
  type CannedReply,
  type CannedReplyScope,
  type CannedReplyVariable,
} from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { errorReason, errorText } from '../shared/console-client';
import { Dialog } from '../shared/Dialog';
import { ImeSafeForm } from '../shared/ImeSafeForm';
import { FormError } from '../shared/Section';
import { showToast } from '../shared/toasts';

/** The variables a reply may hold, with the catalogue key of the button that inserts each. */
const VARIABLE_BUTTONS: Array<{ variable: CannedReplyVariable; label: string }> = [
  { variable: 'customer.name', label: 'canned.variable.customerName' },
  { variable: 'agent.name', label: 'canned.variable.agentName' },
  { variable: 'conversation.number', label: 'canned.variable.conversationNumber' },
];

export type SaveCannedReply = (fields: { shortcut: string; text: string }) => Promise<CannedReply>;

/** Creates a reply in one set (`scope`) or edits `reply`: its shortcut and text. */
export function CannedReplyDialog({
  reply,
  scope,
  onSave,
  onClose,
}: {
  reply: CannedReply | null;
  scope: CannedReplyScope;
  onSave: SaveCannedReply;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [shortcut, setShortcut] = useState(reply?.shortcut ?? '');
  const [text, setText] = useState(reply?.text ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const textBox = useRef<HTMLTextAreaElement>(null);
  const title = reply
    ? t('canned.editTitle', { shortcut: reply.shortcut })
    : t(scope === 'team' ? 'canned.newTeamTitle' : 'canned.newPersonalTitle');

  function insertVariable(variable: CannedReplyVariable) {
    const box = textBox.current;
    const token = `{{${variable}}}`;
    const start = box?.selectionStart ?? text.length;
    const end = box?.selectionEnd ?? text.length;
    setText(text.slice(0, start) + token + text.slice(end));
    requestAnimationFrame(() => {
      box?.focus();
      box?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!CANNED_REPLY_LIMITS.shortcutPattern.test(shortcut)) return setError(t('canned.shortcutInvalid'));
    setBusy(true);
    setError(null);
    try {
      const saved = await onSave({ shortcut, text });
      showToast(t('canned.saved', { shortcut: saved.shortcut }));
      onClose();
    } catch (err) {
      setError(errorReason(err) === 'taken' ? t('canned.shortcutTaken', { shortcut }) : errorText(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={title} onClose={onClose}>
      <ImeSafeForm className="dialog-body canned-form" onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor="canned-shortcut">{t('canned.shortcut')}</label>
          <span className="canned-shortcut-field">
            <span aria-hidden="true">/</span>
            <input
              id="canned-shortcut"
              required
              autoComplete="off"
              spellCheck={false}
              maxLength={CANNED_REPLY_LIMITS.shortcutMaxLength}
              value={shortcut}
              // Shortcuts are lower case: "Refund" is typed as the "refund" it has to be.
              onChange={(e) => setShortcut(e.target.value.toLowerCase())}
              aria-describedby="canned-shortcut-hint"
            />
          </span>
          <span id="canned-shortcut-hint" className="field-hint">
            {t('canned.shortcutHint')}
          </span>
        </div>
        <div className="field">
          <label htmlFor="canned-text">{t('canned.text')}</label>
          <textarea
            ref={textBox}
            id="canned-text"
            required
            rows={6}
            maxLength={CANNED_REPLY_LIMITS.textMaxLength}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-describedby="canned-text-hint"
          />
          <span id="canned-text-hint" className="field-hint">
            {t('canned.textHint')}
          </span>
        </div>
        <div className="canned-variables" role="group" aria-label={t('canned.insertVariable')}>
          <span className="field-hint">{t('canned.insertVariable')}</span>
          {VARIABLE_BUTTONS.map(({ variable, label }) => (
            <button
              key={variable}
              type="button"
              className="button small"
              onClick={() => insertVariable(variable)}
            >
              {t(label)}
            </button>
          ))}
        </div>
        <FormError error={error} />
        <footer className="dialog-actions">
          <span className="spacer" />
          <button type="button" className="button" onClick={onClose}>
            {t('dialog.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={busy || !shortcut || !text.trim()}>
            {t('canned.save')}
          </button>
        </footer>
      </ImeSafeForm>
    </Dialog>
  );
}

/** Asks before deleting: a team reply goes for everyone. */
export function ConfirmDeleteCannedReply({
  reply,
  onDelete,
  onClose,
}: {
  reply: CannedReply;
  onDelete: () => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onDelete();
      showToast(t('canned.deleted', { shortcut: reply.shortcut }));
      onClose();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={t('canned.confirmDeleteTitle', { shortcut: reply.shortcut })}
      onClose={onClose}
      size="small"
    >
      <div className="dialog-body">
        <p>{t(reply.scope === 'team' ? 'canned.confirmDeleteTeamBody' : 'canned.confirmDeleteBody')}</p>
        <FormError error={error} />
        <footer className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('canned.keep')}
          </button>
          <button
            type="button"
            className="button danger solid"
            disabled={busy}
            onClick={() => void confirm()}
          >
            {t('canned.confirmDelete')}
          </button>
        </footer>
      </div>
    </Dialog>
  );
}
