import { useState } from 'react';
import type { StaffAccount } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { PresenceDot } from '../shared/Badges';
import { useConsole } from '../shared/console-context';
import { FormError, Section } from '../shared/Section';
import { useFormatters } from '../shared/i18n';
import { AccountDialog } from './AccountDialog';
import { CreateAccountForm } from './CreateAccountForm';
import { SortableHeader } from './SortableHeader';
import { useSort } from './sort';
import { useStaffAccounts } from './useStaffAccounts';
import './accounts.css';

type Column = 'name' | 'role' | 'status' | 'load' | 'disabled' | 'lastLoginAt';
const STATUS_ORDER = { online: 3, busy: 2, away: 1, offline: 0 };

function sortValue(a: StaffAccount, key: Column): string | number {
  switch (key) {
    case 'status':
      return STATUS_ORDER[a.status];
    case 'load':
      return a.role === 'agent' ? a.serving / a.maxConcurrent : -1;
    case 'disabled':
      return a.disabled ? 1 : 0;
    case 'lastLoginAt':
      return a.lastLoginAt ?? '';
    case 'name':
    case 'role':
      return a[key];
  }
}

const NO_ACCOUNTS: StaffAccount[] = [];

/** Supervisors manage every agent and supervisor account: status, load limit, disabled, and an edit dialog. */
export function AccountsScreen() {
  const { t } = useTranslation();
  const format = useFormatters();
  const { session } = useConsole();
  const { accounts, error, reload, update } = useStaffAccounts();
  const [editing, setEditing] = useState<string | null>(null);
  const { sorted, sort, toggle } = useSort<StaffAccount, Column>(
    accounts ?? NO_ACCOUNTS,
    sortValue,
    'name',
    'asc',
  );
  const current = accounts?.find((a) => a.id === editing) ?? null;

  return (
    <main className="supervisor accounts" aria-labelledby="accounts-title">
      <h1 id="accounts-title" className="visually-hidden">
        {t('accounts.title')}
      </h1>
      <div className="supervisor-main">
        <Section className="card" id="accounts-heading" title={t('accounts.heading')} count={accounts?.length}>
          {error && (
            <>
              <FormError error={error} />
              <p className="empty">
                <button type="button" className="button small" onClick={() => void reload()}>
                  {t('accounts.tryAgain')}
                </button>
              </p>
            </>
          )}
          {!accounts && !error && <p className="empty">{t('accounts.loading')}</p>}
          {accounts && (
            <table className="data-table" aria-labelledby="accounts-heading">
              <thead>
                <tr>
                  <SortableHeader label={t('accounts.name')} column="name" sort={sort} onSort={toggle} />
                  <SortableHeader label={t('accounts.role')} column="role" sort={sort} onSort={toggle} />
                  <SortableHeader label={t('accounts.status')} column="status" sort={sort} onSort={toggle} />
                  <SortableHeader label={t('accounts.load')} column="load" sort={sort} onSort={toggle} />
                  <SortableHeader label={t('accounts.account')} column="disabled" sort={sort} onSort={toggle} />
                  <SortableHeader label={t('accounts.lastSignIn')} column="lastLoginAt" sort={sort} onSort={toggle} />
                  <th scope="col">
                    <span className="visually-hidden">{t('accounts.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((a) => (
                  <tr key={a.id} aria-label={a.name} className={a.disabled ? 'is-disabled' : undefined}>
                    <td>
                      <span className="account-name">
                        <span>
                          {a.name}
                          {a.id === session.user.id && <span className="account-you">{t('accounts.you')}</span>}
                        </span>
                        <span className="muted">{a.email}</span>
                      </span>
                    </td>
                    <td>{t(`role.${a.role}`)}</td>
                    <td>
                      <PresenceDot status={a.status} /> {t(`status.${a.status}`)}
                    </td>
                    <td className="num">
                      {a.role === 'agent'
                        ? t('accounts.loadValue', { serving: a.serving, max: a.maxConcurrent })
                        : t('accounts.none')}
                    </td>
                    <td>
                      <span className={`state-badge ${a.disabled ? 'account-disabled' : 'account-enabled'}`}>
                        {a.disabled ? t('accounts.disabled') : t('accounts.enabled')}
                      </span>
                    </td>
                    <td className="muted">{a.lastLoginAt ? format.clock(a.lastLoginAt) : t('accounts.never')}</td>
                    <td className="actions">
                      <button
                        type="button"
                        className="button small"
                        aria-label={t('accounts.editLabel', { name: a.name })}
                        onClick={() => setEditing(a.id)}
                      >
                        {t('accounts.edit')}
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
        <CreateAccountForm onCreated={() => void reload()} />
      </div>
      {current && (
        <AccountDialog
          account={current}
          isSelf={current.id === session.user.id}
          onSave={(patch) => update(current.id, patch)}
          onClose={() => setEditing(null)}
        />
      )}
    </main>
  );
}
