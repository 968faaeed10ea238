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
  return (
    <ChoiceCard
      title="End this chat?"
      text="You can start a new one at any time."
      confirmLabel="Yes, end it"
      cancelLabel="Cancel"
      {...props}
    />
  );
}

export function ClosePrompt({
  agentName,
  ...props
}: { agentName: string | null } & Pick<ChoiceCardProps, 'busy' | 'onConfirm' | 'onCancel'>) {
  return (
    <ChoiceCard
      title="Is there anything else?"
      text={`${agentName ?? 'The agent'} would like to close this chat. Did we answer your question?`}
      confirmLabel="Yes, end it"
      cancelLabel="I still need help"
      {...props}
    />
  );
}
