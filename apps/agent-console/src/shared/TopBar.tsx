import { AGENT_STATUSES, type AgentStatus } from '@switchboard/protocol';
import { signOut } from '../auth/session';
import { BellIcon, BellOffIcon, KeyboardIcon } from './icons';
import { alertStore, askNotificationPermission, setMuted } from './alerts';
import { useConsole, useWorkspace } from './console-context';
import { navigate, useRoute } from './router';
import { useStore } from './store';

const CONNECTION_LABELS = {
  connected: 'Live',
  connecting: 'Reconnecting…',
  disconnected: 'Offline',
  unauthorized: 'Signed out',
};

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
          <button
            type="button"
            className={`tab${route === 'inbox' ? ' active' : ''}`}
            aria-current={route === 'inbox' ? 'page' : undefined}
            onClick={() => navigate('inbox')}
          >
            Inbox
          </button>
          <button
            type="button"
            className={`tab${route === 'supervisor' ? ' active' : ''}`}
            aria-current={route === 'supervisor' ? 'page' : undefined}
            onClick={() => navigate('supervisor')}
          >
            Supervisor
          </button>
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
