import { AGENT_STATUSES, type AgentStatus } from '@switchboard/protocol';
import { signOut } from '../auth/session';
import { BellIcon, BellOffIcon, KeyboardIcon } from './icons';
import { alertStore, askNotificationPermission, setMuted } from './alerts';
import { useConsole, useWorkspace } from './console-context';
import { navigate, useRoute, type Route } from './router';
import { useStore } from './store';

const CONNECTION_LABELS = {
  connected: 'Live',
  connecting: 'Reconnecting…',
  disconnected: 'Offline',
  unauthorized: 'Signed out',
};

const SUPERVISOR_VIEWS: Array<{ route: Route; label: string }> = [
  { route: 'inbox', label: 'Inbox' },
  { route: 'supervisor', label: 'Supervisor' },
  { route: 'accounts', label: 'Accounts' },
];

export function TopBar({ onShowShortcuts }: { onShowShortcuts: () => void }) {
  const { session, workspace, supervisor } = useConsole();
  const route = useRoute();
  const connection = useWorkspace((s) => s.connection);
  const status = useWorkspace((s) => s.status);
  const muted = useStore(alertStore, (s) => s.muted);
  const permission = useStore(alertStore, (s) => s.permission);

  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Switchboard
      </div>
      {supervisor && (
        <nav className="tabs" aria-label="Views">
          {SUPERVISOR_VIEWS.map((view) => (
            <button
              key={view.route}
              type="button"
              className={`tab${route === view.route ? ' active' : ''}`}
              aria-current={route === view.route ? 'page' : undefined}
              onClick={() => navigate(view.route)}
            >
              {view.label}
            </button>
          ))}
        </nav>
      )}
      <div className="topbar-spacer" />
      <span className={`connection connection-${connection}`} role="status">
        {CONNECTION_LABELS[connection]}
      </span>
      {session.user.role === 'agent' && (
        <label className="status-switch">
          <span className={`presence presence-${status}`} aria-hidden="true" />
          <span className="visually-hidden">Status</span>
          <select
            aria-label="Status"
            value={status}
            onChange={(e) => void workspace.setStatus(e.target.value as AgentStatus)}
          >
            {AGENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s[0].toUpperCase() + s.slice(1)}
              </option>
            ))}
          </select>
        </label>
      )}
      <button
        type="button"
        className="icon-button"
        aria-pressed={muted}
        aria-label={muted ? 'Unmute alerts' : 'Mute alerts'}
        title={muted ? 'Alerts muted' : 'Alerts on'}
        onClick={() => setMuted(!muted)}
      >
        {muted ? <BellOffIcon /> : <BellIcon />}
      </button>
      {permission === 'default' && (
        <button type="button" className="button small" onClick={() => void askNotificationPermission()}>
          Enable desktop alerts
        </button>
      )}
      <button
        type="button"
        className="icon-button"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        onClick={onShowShortcuts}
      >
        <KeyboardIcon />
      </button>
      <span className="user" title={session.user.email}>
        {session.user.name}
      </span>
      <button type="button" className="button small" onClick={() => signOut()}>
        Sign out
      </button>
    </header>
  );
}
