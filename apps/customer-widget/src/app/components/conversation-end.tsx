import { useTranslation } from 'react-i18next';

export interface ChoiceCardProps {
  title: string;
  text: string;
  confirmLabel: string;
  cancelLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A two-choice card above the composer: ending the chat, or answering the agent's proposal to end it. */
export function ChoiceCard({
  title,
  text,
  confirmLabel,
  cancelLabel,
  busy,
  onConfirm,
  onCancel,
}: ChoiceCardProps) {
  return (
    <div className="sbw-card sbw-choice" role="group" aria-label={title}>
      <strong>{title}</strong>
      <p>{text}</p>
      <div className="sbw-choice-actions">
        <button type="button" className="sbw-button is-secondary" onClick={onCancel} disabled={busy}>
          {cancelLabel}
        </button>
        <button type="button" className="sbw-button" onClick={onConfirm} disabled={busy}>
          {confirmLabel}
        </button>
      </div>
    </div>
  );
}

export function EndChatConfirm(props: Pick<ChoiceCardProps, 'busy' | 'onConfirm' | 'onCancel'>) {
  const { t } = useTranslation();
  return (
    <ChoiceCard
      title={t('end.title')}
      text={t('end.text')}
      confirmLabel={t('end.confirm')}
      cancelLabel={t('end.cancel')}
      {...props}
    />
  );
}

export function ClosePrompt({
  agentName,
  ...props
}: { agentName: string | null } & Pick<ChoiceCardProps, 'busy' | 'onConfirm' | 'onCancel'>) {
  const { t } = useTranslation();
  return (
    <ChoiceCard
      title={t('closePrompt.title')}
      text={agentName ? t('closePrompt.text', { name: agentName }) : t('closePrompt.textUnknown')}
      confirmLabel={t('closePrompt.confirm')}
      cancelLabel={t('closePrompt.stillNeedHelp')}
      {...props}
    />
  );
}
