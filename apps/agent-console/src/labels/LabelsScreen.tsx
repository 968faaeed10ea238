import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  LABEL_LIMITS,
  LABEL_PALETTE,
  labelTextColor,
  type CustomerBlock,
  type Label,
} from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { errorCode, errorText } from '../shared/console-client';
import { useConsole } from '../shared/console-context';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { useFormatters } from '../shared/i18n';
import { ImeSafeForm } from '../shared/ImeSafeForm';
import { FormError, Section } from '../shared/Section';
import { showToast } from '../shared/toasts';
import { createLabel, deleteLabel, listBlocked, unblockCustomer } from './label-set';
import { useLabelSet } from './LabelChips';

function Chip({ name, color }: { name: string; color: string }) {
  return (
    <span className="label-chip" style={{ backgroundColor: color, color: labelTextColor(color) }}>
      {name}
    </span>
  );
}

function NewLabelForm() {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  const labels = useLabelSet();
  const [name, setName] = useState('');
  const [color, setColor] = useState<string>(LABEL_PALETTE[0]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const label = await createLabel(workspace.client, name.trim(), color);
      showToast(t('labels.created', { name: label.name }));
      setName('');
      setColor(LABEL_PALETTE[(labels.length + 1) % LABEL_PALETTE.length]); // the next one starts on another colour
    } catch (failure) {
      setError(errorCode(failure) === 'conflict' ? t('labels.nameTaken') : errorText(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section className="card" id="new-label-heading" title={t('labels.newLabel')}>
      <ImeSafeForm className="label-form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          {t('labels.name')}
          <input
            required
            maxLength={LABEL_LIMITS.nameMaxLength}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="field">
          {t('labels.color')}
          <input
            type="color"
            className="color-input"
            value={color}
            onChange={(e) => setColor(e.target.value)}
          />
        </label>
        <p className="label-preview">
          <span className="muted">{t('labels.preview')}</span>{' '}
          <Chip name={name.trim() || t('labels.name')} color={color} />
        </p>
        <FormError error={error} />
        <button type="submit" className="button primary" disabled={busy || !name.trim()}>
          {t('labels.add')}
        </button>
      </ImeSafeForm>
    </Section>
  );
}

function ConfirmDelete({ label, onClose }: { label: Label; onClose: () => void }) {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  return (
    <ConfirmDialog
      title={t('labels.deleteTitle', { name: label.name })}
      explanation={t('labels.deleteExplanation')}
      confirmLabel={t('labels.delete')}
      doneMessage={t('labels.deleted', { name: label.name })}
      run={() => deleteLabel(workspace.client, label.id)}
      onClose={onClose}
    />
  );
}

function BlockedVisitors() {
  const { t } = useTranslation();
  const format = useFormatters();
  const { workspace } = useConsole();
  const [blocked, setBlocked] = useState<CustomerBlock[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Settles in callbacks, never synchronously, so the effect below only starts the request.
  const reload = useCallback(
    () =>
      listBlocked(workspace.client).then(
        (list) => {
          setBlocked(list);
          setError(null);
        },
        (failure: unknown) => setError(errorText(failure)),
      ),
    [workspace],
  );
  useEffect(() => {
    void reload();
  }, [reload]);

  async function unblock(block: CustomerBlock) {
    try {
      await unblockCustomer(workspace.client, block.customer.id);
      showToast(t('labels.unblocked', { name: block.customer.name }));
      await reload();
    } catch (failure) {
      showToast(errorText(failure), 'error');
    }
  }

  return (
    <Section className="card" id="blocked-heading" title={t('labels.blockedTitle')} count={blocked?.length}>
      <FormError error={error} />
      {blocked?.length === 0 && <p className="empty">{t('labels.noBlocks')}</p>}
      {blocked && blocked.length > 0 && (
        <table className="data-table" aria-labelledby="blocked-heading">
          <thead>
            <tr>
              <th scope="col">{t('labels.visitor')}</th>
              <th scope="col">{t('labels.reason')}</th>
              <th scope="col">{t('labels.blockedBy')}</th>
              <th scope="col">{t('labels.blockedAt')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('labels.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {blocked.map((b) => (
              <tr key={b.customer.id} aria-label={b.customer.name}>
                <td>{b.customer.name}</td>
                <td className="block-reason">{b.reason}</td>
                <td>{b.blockedBy.name}</td>
                <td className="muted">{format.clock(b.blockedAt)}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="button small"
                    aria-label={t('labels.unblockLabel', { name: b.customer.name })}
                    onClick={() => void unblock(b)}
                  >
                    {t('labels.unblock')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

/** Supervisors: the team's label set (add with a colour, delete after confirming) and the blocked visitors. */
export function LabelsScreen() {
  const { t } = useTranslation();
  const labels = useLabelSet();
  const [deleting, setDeleting] = useState<Label | null>(null);
  return (
    <main className="supervisor labels-screen" aria-labelledby="labels-title">
      <h1 id="labels-title" className="visually-hidden">
        {t('labels.screenTitle')}
      </h1>
      <div className="supervisor-main">
        <Section className="card" id="label-set-heading" title={t('labels.setTitle')} count={labels.length}>
          {labels.length === 0 ? (
            <p className="empty">{t('labels.noneInSet')}</p>
          ) : (
            <ul className="label-set" aria-labelledby="label-set-heading">
              {labels.map((label) => (
                <li key={label.id} aria-label={label.name}>
                  <Chip name={label.name} color={label.color} />
                  <span className="muted label-color">{label.color}</span>
                  <button
                    type="button"
                    className="button small"
                    aria-label={t('labels.deleteLabel', { name: label.name })}
                    onClick={() => setDeleting(label)}
                  >
                    {t('labels.delete')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <BlockedVisitors />
      </div>
      <div className="supervisor-side">
        <NewLabelForm />
      </div>
      {deleting && <ConfirmDelete label={deleting} onClose={() => setDeleting(null)} />}
    </main>
  );
}
