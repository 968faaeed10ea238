import { useState } from 'react';
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
import { AdminScreen } from '../shared/AdminScreen';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { DataListSection, RowButton } from '../shared/DataListSection';
import { useFormatters } from '../shared/i18n';
import { ImeSafeForm } from '../shared/ImeSafeForm';
import { FormError, Section } from '../shared/Section';
import { showToast } from '../shared/toasts';
import { useFormSubmit } from '../shared/useFormSubmit';
import { useLoadedList } from '../shared/useLoadedList';
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
  const { busy, error, onSubmit } = useFormSubmit(
    async () => {
      const label = await createLabel(workspace.client, name.trim(), color);
      showToast(t('labels.created', { name: label.name }));
      setName('');
      setColor(LABEL_PALETTE[(labels.length + 1) % LABEL_PALETTE.length]); // the next one starts on another colour
    },
    (failure) => (errorCode(failure) === 'conflict' ? t('labels.nameTaken') : errorText(failure)),
  );

  return (
    <Section className="card" id="new-label-heading" title={t('labels.newLabel')}>
      <ImeSafeForm className="label-form" onSubmit={onSubmit}>
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
  const { items: blocked, error, reload } = useLoadedList(listBlocked);

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
    <DataListSection
      id="blocked-heading"
      title={t('labels.blockedTitle')}
      items={blocked}
      error={error}
      empty={t('labels.noBlocks')}
      rowKey={(b) => b.customer.id}
      rowLabel={(b) => b.customer.name}
      columns={[
        { header: t('labels.visitor'), cell: (b) => b.customer.name },
        { header: t('labels.reason'), className: 'block-reason', cell: (b) => b.reason },
        { header: t('labels.blockedBy'), cell: (b) => b.blockedBy.name },
        { header: t('labels.blockedAt'), className: 'muted', cell: (b) => format.clock(b.blockedAt) },
      ]}
      actions={{
        label: t('labels.actions'),
        cell: (b) => (
          <RowButton
            label={t('labels.unblockLabel', { name: b.customer.name })}
            onClick={() => void unblock(b)}
          >
            {t('labels.unblock')}
          </RowButton>
        ),
      }}
    />
  );
}

/** Supervisors: the team's label set (add with a colour, delete after confirming) and the blocked visitors. */
export function LabelsScreen() {
  const { t } = useTranslation();
  const labels = useLabelSet();
  const [deleting, setDeleting] = useState<Label | null>(null);
  return (
    <AdminScreen
      className="labels-screen"
      titleId="labels-title"
      title={t('labels.screenTitle')}
      side={<NewLabelForm />}
      overlays={deleting && <ConfirmDelete label={deleting} onClose={() => setDeleting(null)} />}
    >
      <Section className="card" id="label-set-heading" title={t('labels.setTitle')} count={labels.length}>
        {labels.length === 0 ? (
          <p className="empty">{t('labels.noneInSet')}</p>
        ) : (
          <ul className="label-set" aria-labelledby="label-set-heading">
            {labels.map((label) => (
              <li key={label.id} aria-label={label.name}>
                <Chip name={label.name} color={label.color} />
                <span className="muted label-color">{label.color}</span>
                <RowButton
                  label={t('labels.deleteLabel', { name: label.name })}
                  onClick={() => setDeleting(label)}
                >
                  {t('labels.delete')}
                </RowButton>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <BlockedVisitors />
    </AdminScreen>
  );
}
