import { useState } from 'react';
import { API_TOKEN_LIMITS, type ApiTokenInfo, type StaffRole } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../shared/console-context';
import { AdminScreen } from '../shared/AdminScreen';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { DataListSection, RowButton } from '../shared/DataListSection';
import { Dialog } from '../shared/Dialog';
import { useFormatters } from '../shared/i18n';
import { ImeSafeForm } from '../shared/ImeSafeForm';
import { FormError, Section } from '../shared/Section';
import { showToast } from '../shared/toasts';
import { useFormSubmit } from '../shared/useFormSubmit';
import { useLoadedList } from '../shared/useLoadedList';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens';
import './api-tokens.css';

/** The new token, shown this once: the gateway keeps only its hash. */
function NewTokenDialog({ name, token, onClose }: { name: string; token: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
    } catch {
      showToast(t('apiTokens.copyFailed'), 'error');
    }
  }
  return (
    <Dialog title={t('apiTokens.createdTitle', { name })} onClose={onClose} size="small">
      <div className="dialog-body">
        <p className="muted">{t('apiTokens.shownOnce')}</p>
        <label className="field">
          {t('apiTokens.tokenLabel')}
          <input className="token-value" readOnly value={token} onFocus={(e) => e.target.select()} />
        </label>
        <p role="status" className="muted">
          {copied ? t('apiTokens.copied') : ''}
        </p>
        <footer className="dialog-actions">
          <button type="button" className="button" onClick={() => void copy()}>
            {t('apiTokens.copy')}
          </button>
          <button type="button" className="button primary" onClick={onClose}>
            {t('apiTokens.done')}
          </button>
        </footer>
      </div>
    </Dialog>
  );
}

function NewTokenForm({ onCreated }: { onCreated: (name: string, token: string) => void }) {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('agent');
  const { busy, error, onSubmit } = useFormSubmit(async () => {
    const made = await createApiToken(workspace.client, name.trim(), role);
    onCreated(name.trim(), made.token);
    setName('');
  });

  return (
    <Section className="card" id="new-token-heading" title={t('apiTokens.newToken')}>
      <ImeSafeForm className="token-form" onSubmit={onSubmit}>
        <label className="field">
          {t('apiTokens.name')}
          <input
            required
            maxLength={API_TOKEN_LIMITS.nameMaxLength}
            placeholder={t('apiTokens.namePlaceholder')}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="field">
          {t('apiTokens.role')}
          <select value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
            <option value="agent">{t('apiTokens.roleAgent')}</option>
            <option value="supervisor">{t('apiTokens.roleSupervisor')}</option>
          </select>
        </label>
        <p className="muted">{t('apiTokens.roleHelp')}</p>
        <FormError error={error} />
        <button type="submit" className="button primary" disabled={busy || !name.trim()}>
          {t('apiTokens.create')}
        </button>
      </ImeSafeForm>
    </Section>
  );
}

function ConfirmRevoke({
  token,
  onClose,
  onRevoked,
}: {
  token: ApiTokenInfo;
  onClose: () => void;
  onRevoked: () => void;
}) {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  return (
    <ConfirmDialog
      title={t('apiTokens.revokeTitle', { name: token.name })}
      explanation={t('apiTokens.revokeExplanation')}
      confirmLabel={t('apiTokens.revoke')}
      doneMessage={t('apiTokens.revoked', { name: token.name })}
      run={() => revokeApiToken(workspace.client, token.id)}
      onDone={onRevoked}
      onClose={onClose}
    />
  );
}

/** Supervisors: the API tokens of integrations and bots (PROTOCOL section 11): make one (shown once), list, revoke. */
export function ApiTokensScreen() {
  const { t } = useTranslation();
  const format = useFormatters();
  const { items: tokens, error, reload } = useLoadedList(listApiTokens);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenInfo | null>(null);

  return (
    <AdminScreen
      className="api-tokens-screen"
      titleId="api-tokens-title"
      title={t('apiTokens.screenTitle')}
      side={
        <NewTokenForm
          onCreated={(name, token) => {
            setCreated({ name, token });
            void reload();
          }}
        />
      }
      overlays={
        <>
          {created && (
            <NewTokenDialog name={created.name} token={created.token} onClose={() => setCreated(null)} />
          )}
          {revoking && (
            <ConfirmRevoke
              token={revoking}
              onClose={() => setRevoking(null)}
              onRevoked={() => void reload()}
            />
          )}
        </>
      }
    >
      <DataListSection
        id="token-list-heading"
        title={t('apiTokens.listTitle')}
        items={tokens}
        error={error}
        empty={t('apiTokens.none')}
        rowKey={(token) => token.id}
        rowLabel={(token) => token.name}
        columns={[
          { header: t('apiTokens.name'), cell: (token) => token.name },
          {
            header: t('apiTokens.role'),
            cell: (token) => t(token.role === 'agent' ? 'apiTokens.roleAgent' : 'apiTokens.roleSupervisor'),
          },
          { header: t('apiTokens.createdBy'), cell: (token) => token.createdBy.name },
          {
            header: t('apiTokens.createdAt'),
            className: 'muted',
            cell: (token) => format.clock(token.createdAt),
          },
          {
            header: t('apiTokens.lastUsed'),
            className: 'muted',
            cell: (token) => (token.lastUsedAt ? format.clock(token.lastUsedAt) : t('apiTokens.never')),
          },
        ]}
        actions={{
          label: t('apiTokens.actions'),
          cell: (token) => (
            <RowButton
              label={t('apiTokens.revokeLabel', { name: token.name })}
              onClick={() => setRevoking(token)}
            >
              {t('apiTokens.revoke')}
            </RowButton>
          ),
        }}
      />
    </AdminScreen>
  );
}
