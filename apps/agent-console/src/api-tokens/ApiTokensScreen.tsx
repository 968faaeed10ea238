import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { API_TOKEN_LIMITS, type ApiTokenInfo, type StaffRole } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { errorText } from '../shared/console-client';
import { useConsole } from '../shared/console-context';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { Dialog } from '../shared/Dialog';
import { useFormatters } from '../shared/i18n';
import { ImeSafeForm } from '../shared/ImeSafeForm';
import { FormError, Section } from '../shared/Section';
import { showToast } from '../shared/toasts';
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
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const made = await createApiToken(workspace.client, name.trim(), role);
      onCreated(name.trim(), made.token);
      setName('');
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section className="card" id="new-token-heading" title={t('apiTokens.newToken')}>
      <ImeSafeForm className="token-form" onSubmit={(e) => void submit(e)}>
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
  const { workspace } = useConsole();
  const [tokens, setTokens] = useState<ApiTokenInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenInfo | null>(null);
  // Settles in callbacks, never synchronously, so the effect below only starts the request.
  const reload = useCallback(
    () =>
      listApiTokens(workspace.client).then(
        (list) => {
          setTokens(list);
          setError(null);
        },
        (failure: unknown) => setError(errorText(failure)),
      ),
    [workspace],
  );
  useEffect(() => {
    void reload();
  }, [reload]);

  return (
    <main className="supervisor api-tokens-screen" aria-labelledby="api-tokens-title">
      <h1 id="api-tokens-title" className="visually-hidden">
        {t('apiTokens.screenTitle')}
      </h1>
      <div className="supervisor-main">
        <Section
          className="card"
          id="token-list-heading"
          title={t('apiTokens.listTitle')}
          count={tokens?.length}
        >
          <FormError error={error} />
          {tokens?.length === 0 && <p className="empty">{t('apiTokens.none')}</p>}
          {tokens && tokens.length > 0 && (
            <table className="data-table" aria-labelledby="token-list-heading">
              <thead>
                <tr>
                  <th scope="col">{t('apiTokens.name')}</th>
                  <th scope="col">{t('apiTokens.role')}</th>
                  <th scope="col">{t('apiTokens.createdBy')}</th>
                  <th scope="col">{t('apiTokens.createdAt')}</th>
                  <th scope="col">{t('apiTokens.lastUsed')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('apiTokens.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <tr key={token.id} aria-label={token.name}>
                    <td>{token.name}</td>
                    <td>{t(token.role === 'agent' ? 'apiTokens.roleAgent' : 'apiTokens.roleSupervisor')}</td>
                    <td>{token.createdBy.name}</td>
                    <td className="muted">{format.clock(token.createdAt)}</td>
                    <td className="muted">
                      {token.lastUsedAt ? format.clock(token.lastUsedAt) : t('apiTokens.never')}
                    </td>
                    <td className="actions">
                      <button
                        type="button"
                        className="button small"
                        aria-label={t('apiTokens.revokeLabel', { name: token.name })}
                        onClick={() => setRevoking(token)}
                      >
                        {t('apiTokens.revoke')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      </div>
      <div className="supervisor-side">
        <NewTokenForm
          onCreated={(name, token) => {
            setCreated({ name, token });
            void reload();
          }}
        />
      </div>
      {created && (
        <NewTokenDialog name={created.name} token={created.token} onClose={() => setCreated(null)} />
      )}
      {revoking && (
        <ConfirmRevoke token={revoking} onClose={() => setRevoking(null)} onRevoked={() => void reload()} />
      )}
    </main>
  );
}
