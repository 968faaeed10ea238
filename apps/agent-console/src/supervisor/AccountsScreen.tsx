import { useState } from 'react';
import type { StaffAccount } from '@switchboard/protocol';
import { PresenceDot } from '../shared/Badges';
import { useConsole } from '../shared/console-context';
import { FormError, Section } from '../shared/Section';
import { formatClock } from '../shared/time';
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
        Staff accounts
      </h1>
      <div className="supervisor-main">
        <Section className="card" id="accounts-heading" title="Accounts" count={accounts?.length}>
          {error && (
            <>
              <FormError error={error} />
              <p className="empty">
                <button type="button" className="button small" onClick={() => void reload()}>
                  Try again
                </button>
              </p>
            </>
          )}
          {!accounts && !error && <p className="empty">Loading accounts…</p>}
          {accounts && (
            <table className="data-table" aria-labelledby="accounts-heading">
              <thead>
                <tr>
                  <SortableHeader label="Name" column="name" sort={sort} onSort={toggle} />
                  <SortableHeader label="Role" column="role" sort={sort} onSort={toggle} />
                  <SortableHeader label="Status" column="status" sort={sort} onSort={toggle} />
                  <SortableHeader label="Load" column="load" sort={sort} onSort={toggle} />
                  <SortableHeader label="Account" column="disabled" sort={sort} onSort={toggle} />
                  <SortableHeader label="Last sign-in" column="lastLoginAt" sort={sort} onSort={toggle} />
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
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
                          {a.id === session.user.id && <span className="account-you">(you)</span>}
                        </span>
                        <span className="muted">{a.email}</span>
                      </span>
                    </td>
                    <td>{a.role === 'agent' ? 'Agent' : 'Supervisor'}</td>
                    <td>
                      <PresenceDot status={a.status} /> {a.status}
                    </td>
                    <td className="num">{a.role === 'agent' ? `${a.serving} / ${a.maxConcurrent}` : '—'}</td>
                    <td>
                      <span className={`state-badge ${a.disabled ? 'account-disabled' : 'account-enabled'}`}>
                        {a.disabled ? 'Disabled' : 'Enabled'}
                      </span>
                    </td>
                    <td className="muted">{a.lastLoginAt ? formatClock(a.lastLoginAt) : 'Never'}</td>
                    <td className="actions">
                      <button
                        type="button"
                        className="button small"
                        aria-label={`Edit ${a.name}`}
                        onClick={() => setEditing(a.id)}
                      >
                        Edit
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
