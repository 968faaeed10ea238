import { AGENT_STATUSES, type AgentStatus } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { signOut } from '../auth/session';
import { MentionsMenu } from '../conversations/MentionsMenu';
import { SearchBox } from '../search/SearchBox';
import { BellIcon, BellOffIcon, KeyboardIcon } from './icons';
import { alertStore, askNotificationPermission, setMuted } from './alerts';
import { useConsole, useWorkspace } from './console-context';
import { LanguageSwitch } from './LanguageSwitch';
import { navigate, useRoute, type Route } from './router';
import { useStore } from './store';

const SUPERVISOR_VIEWS: Route[] = ['inbox', 'supervisor', 'accounts', 'labels', 'cannedReplies'];
const AGENT_VIEWS: Route[] = ['inbox', 'cannedReplies'];
/** Each view's tab label (a view added by a feature keeps its label in that feature's catalogue section). */
const VIEW_LABELS: Record<Route, string> = {
  inbox: 'topBar.view.inbox',
  supervisor: 'topBar.view.supervisor',
  accounts: 'topBar.view.accounts',
  labels: 'labels.view',
  cannedReplies: 'canned.title',
};

export function TopBar({ onShowShortcuts }: { onShowShortcuts: () => void }) {
  const { t } = useTranslation();
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
        {t('brand')}
      </div>
      <nav className="tabs" aria-label={t('topBar.views')}>
        {(supervisor ? SUPERVISOR_VIEWS : AGENT_VIEWS).map((view) => (
          <button
            key={view}
            type="button"
            className={`tab${route === view ? ' active' : ''}`}
            aria-current={route === view ? 'page' : undefined}
            onClick={() => navigate(view)}
          >
            {t(VIEW_LABELS[view])}
          </button>
        ))}
      </nav>
      <div className="topbar-spacer" />
      <SearchBox />
      <span className={`connection connection-${connection}`} role="status">
        {t(`topBar.connection.${connection}`)}
      </span>
      {session.user.role === 'agent' && (
        <label className="status-switch">
          <span className={`presence presence-${status}`} aria-hidden="true" />
          <span className="visually-hidden">{t('topBar.status')}</span>
          <select
            aria-label={t('topBar.status')}
            value={status}
            onChange={(e) => void workspace.setStatus(e.target.value as AgentStatus)}
          >
            {AGENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <MentionsMenu />
      <button
        type="button"
        className="icon-button"
        aria-pressed={muted}
        aria-label={muted ? t('topBar.unmute') : t('topBar.mute')}
        title={muted ? t('topBar.alertsMuted') : t('topBar.alertsOn')}
        onClick={() => setMuted(!muted)}
      >
        {muted ? <BellOffIcon /> : <BellIcon />}
      </button>
      {permission === 'default' && (
        <button type="button" className="button small" onClick={() => void askNotificationPermission()}>
          {t('topBar.enableDesktopAlerts')}
        </button>
      )}
      <button
        type="button"
        className="icon-button"
        aria-label={t('topBar.shortcuts')}
        title={t('topBar.shortcutsTitle')}
        onClick={onShowShortcuts}
      >
        <KeyboardIcon />
      </button>
      <LanguageSwitch api={workspace.client.api.bind(workspace.client)} />
      <span className="user" title={session.user.email}>
        {session.user.name}
      </span>
      <button type="button" className="button small" onClick={() => signOut()}>
        {t('topBar.signOut')}
      </button>
    </header>
  );
}
