import { useEffect, useState } from 'react';
import { CANNED_REPLY_VARIABLES, type CannedReply, type CannedReplyScope } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../shared/console-context';
import { DataListSection, RowButton } from '../shared/DataListSection';
import { FormError } from '../shared/Section';
import { useStore } from '../shared/store';
import { CannedReplyDialog, ConfirmDeleteCannedReply } from './CannedReplyDialog';
import './canned-replies.css';

type Editing = { reply: CannedReply | null; scope: CannedReplyScope } | null;

/** One set of replies as a table; `editable` adds the new, edit and delete buttons. */
function ReplySet({
  scope,
  replies,
  editable,
  onNew,
  onEdit,
  onDelete,
}: {
  scope: CannedReplyScope;
  replies: CannedReply[];
  editable: boolean;
  onNew: () => void;
  onEdit: (reply: CannedReply) => void;
  onDelete: (reply: CannedReply) => void;
}) {
  const { t } = useTranslation();
  const headingId = `canned-${scope}-heading`;
  return (
    <DataListSection
      className="card canned-set"
      id={headingId}
      title={t(scope === 'team' ? 'canned.team' : 'canned.mine')}
      items={replies}
      empty={t('canned.empty')}
      tableClassName="canned-table"
      rowKey={(reply) => reply.id}
      columns={[
        {
          header: t('canned.shortcut'),
          className: 'canned-shortcut',
          cell: (reply) => <>/{reply.shortcut}</>,
        },
        {
          header: t('canned.text'),
          className: 'canned-text-cell',
          cell: (reply) => <div className="canned-text">{reply.text}</div>,
        },
      ]}
      actions={
        editable
          ? {
              label: t('canned.actions'),
              cell: (reply) => (
                <div className="canned-actions">
                  <RowButton
                    label={t('canned.editLabel', { shortcut: reply.shortcut })}
                    onClick={() => onEdit(reply)}
                  >
                    {t('canned.edit')}
                  </RowButton>
                  <RowButton
                    label={t('canned.deleteLabel', { shortcut: reply.shortcut })}
                    className="button small danger"
                    onClick={() => onDelete(reply)}
                  >
                    {t('canned.delete')}
                  </RowButton>
                </div>
              ),
            }
          : undefined
      }
    >
      <div className="canned-set-bar">
        {editable ? (
          <button type="button" className="button small primary" onClick={onNew}>
            {t(scope === 'team' ? 'canned.newTeam' : 'canned.newPersonal')}
          </button>
        ) : (
          <p className="muted">{t('canned.teamReadOnly')}</p>
        )}
      </div>
    </DataListSection>
  );
}

/**
 * Settings: everyone keeps their own canned replies; supervisors also keep the team's, which agents see here
 * read-only. What is saved here is in every composer's `/` list at once.
 */
export function CannedRepliesScreen() {
  const { t } = useTranslation();
  const { session, workspace } = useConsole();
  const book = workspace.cannedReplies;
  const replies = useStore(book.store, (s) => s.replies);
  const loadError = useStore(book.store, (s) => s.loadError);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<CannedReply | null>(null);
  const supervisor = session.user.role === 'supervisor';

  useEffect(() => {
    void book.reload();
  }, [book]);

  const ofScope = (scope: CannedReplyScope) => (replies ?? []).filter((reply) => reply.scope === scope);
  const setProps = (scope: CannedReplyScope) => ({
    scope,
    replies: ofScope(scope),
    onNew: () => setEditing({ reply: null, scope }),
    onEdit: (reply: CannedReply) => setEditing({ reply, scope }),
    onDelete: setDeleting,
  });

  return (
    <main className="canned-screen" aria-labelledby="canned-title">
      <header className="canned-header">
        <h1 id="canned-title">{t('canned.title')}</h1>
        <p className="muted">{t('canned.intro')}</p>
        <p className="muted canned-variable-list">
          {t('canned.variablesTitle')}{' '}
          {CANNED_REPLY_VARIABLES.map((variable) => (
            <code key={variable}>{`{{${variable}}}`}</code>
          ))}
        </p>
      </header>
      {loadError && !replies && (
        <div className="card canned-set">
          <FormError error={t('canned.loadFailed', { reason: loadError })} />
          <button type="button" className="button small" onClick={() => void book.reload()}>
            {t('canned.tryAgain')}
          </button>
        </div>
      )}
      {!replies && !loadError && <p className="empty">{t('canned.loading')}</p>}
      {replies && (
        <div className="canned-sets">
          <ReplySet {...setProps('personal')} editable />
          <ReplySet {...setProps('team')} editable={supervisor} />
        </div>
      )}
      {editing && (
        <CannedReplyDialog
          reply={editing.reply}
          scope={editing.scope}
          onSave={(fields) => {
            const reply = editing.reply;
            if (!reply) return book.create({ ...fields, scope: editing.scope });
            // Only what changed is sent, so saving an untouched shortcut never meets a conflict of its own.
            return book.update(reply.id, {
              ...(fields.shortcut !== reply.shortcut ? { shortcut: fields.shortcut } : {}),
              text: fields.text,
            });
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {deleting && (
        <ConfirmDeleteCannedReply
          reply={deleting}
          onDelete={() => book.remove(deleting.id)}
          onClose={() => setDeleting(null)}
        />
      )}
    </main>
  );
}
