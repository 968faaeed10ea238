import { AGENT_STATUSES, type AgentStatus } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { signOut } from '../auth/session';
import { useShownPane } from '../conversations/AgentScreen';
import { MentionsMenu } from '../conversations/MentionsMenu';
import { SearchBox } from '../search/SearchBox';
import { BellIcon, BellOffIcon, KeyboardIcon } from './icons';
import { alertStore, askNotificationPermission, setMuted } from './alerts';
import { useConsole, useWorkspace } from './console-context';
import { LanguageSwitch } from './LanguageSwitch';
import { useIsPhone } from './phone';
import { PhoneMenu } from './PhoneMenu';
import { navigate, useRoute, type Route } from './router';
import { useStore } from './store';

const SUPERVISOR_VIEWS: Route[] = [
  'inbox',
  'supervisor',
  'reports',
  'cannedReplies',
  'accounts',
  'teams',
  'labels',
  'webhooks',
  'apiTokens',
  'settings',
];
/** A supervisor's administration screens: on a desktop in a row of their own under the top bar, so the bar keeps
 * the daily views and its controls in sight. */
const MANAGE_VIEWS: Route[] = ['accounts', 'teams', 'labels', 'webhooks', 'apiTokens', 'settings'];
const AGENT_VIEWS: Route[] = ['inbox', 'cannedReplies'];
/** On a phone these are the bottom navigation; the other views are in the top bar's menu. */
const PHONE_BOTTOM_VIEWS: Route[] = ['inbox', 'supervisor', 'cannedReplies'];
/** Each view's tab label (a view added by a feature keeps its label in that feature's catalogue section). */
const VIEW_LABELS: Record<Route, string> = {
  inbox: 'topBar.view.inbox',
  supervisor: 'topBar.view.supervisor',
  accounts: 'topBar.view.accounts',
  labels: 'labels.view',
  teams: 'teams.view',
  cannedReplies: 'canned.title',
  settings: 'settings.view',
  reports: 'reports.view',
  webhooks: 'webhooks.view',
  apiTokens: 'apiTokens.view',
};

/**
 * The views this person may open: on a desktop the daily ones (top bar) or the administration ones (the row under
 * it); on a phone those of the bottom navigation or those of the menu.
 */
function useViews(place: 'daily' | 'manage' | 'bottom' | 'menu'): Route[] {
  const { supervisor } = useConsole();
  const views = supervisor ? SUPERVISOR_VIEWS : AGENT_VIEWS;
  if (place === 'daily' || place === 'manage')
    return views.filter((view) => MANAGE_VIEWS.includes(view) === (place === 'manage'));
  return views.filter((view) => PHONE_BOTTOM_VIEWS.includes(view) === (place === 'bottom'));
}

/** The view buttons; a navigation landmark, except the few extra ones inside the phone's menu. */
function ViewTabs({
  views,
  className,
  landmark = true,
  name,
}: {
  views: Route[];
  className: string;
  landmark?: boolean;
  /** The landmark's name (default: "Views"). */
  name?: string;
}) {
  const { t } = useTranslation();
  const route = useRoute();
  const Container = landmark ? 'nav' : 'div';
  return (
    <Container className={className} aria-label={landmark ? (name ?? t('topBar.views')) : undefined}>
      {views.map((view) => (
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
    </Container>
  );
}

/**
 * The phone's bottom navigation (Inbox, Supervisor for supervisors, Canned replies); inside a conversation it gives
 * way to the conversation's back button.
 */
export function BottomNav() {
  const views = useViews('bottom');
  const route = useRoute();
  const pane = useShownPane();
  if (route === 'inbox' && pane !== 'list') return null;
  return <ViewTabs views={views} className="bottom-nav" />;
}

function Connection() {
  const { t } = useTranslation();
  const connection = useWorkspace((s) => s.connection);
  return (
    <span className={`connection connection-${connection}`} role="status">
      {t(`topBar.connection.${connection}`)}
    </span>
  );
}

function StatusSwitch() {
  const { t } = useTranslation();
  const { session, workspace } = useConsole();
  const status = useWorkspace((s) => s.status);
  if (session.user.role !== 'agent') return null;
  return (
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
  );
}

/** Mute, desktop alerts and the shortcuts list; in the phone's menu each one also says what it is. */
function AlertControls({ onShowShortcuts, labelled }: { onShowShortcuts: () => void; labelled: boolean }) {
  const { t } = useTranslation();
  const muted = useStore(alertStore, (s) => s.muted);
  const permission = useStore(alertStore, (s) => s.permission);
  return (
    <>
      <button
        type="button"
        className="icon-button"
        aria-pressed={muted}
        aria-label={muted ? t('topBar.unmute') : t('topBar.mute')}
        title={muted ? t('topBar.alertsMuted') : t('topBar.alertsOn')}
        onClick={() => setMuted(!muted)}
      >
        {muted ? <BellOffIcon /> : <BellIcon />}
        {labelled && <span aria-hidden="true">{muted ? t('topBar.unmute') : t('topBar.mute')}</span>}
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
        {labelled && <span aria-hidden="true">{t('topBar.shortcuts')}</span>}
      </button>
    </>
  );
}

export function TopBar({ onShowShortcuts }: { onShowShortcuts: () => void }) {
  const { t } = useTranslation();
  const { session, workspace } = useConsole();
  const phone = useIsPhone();
  const dailyViews = useViews('daily');
  const manageViews = useViews('manage');
  const menuViews = useViews('menu');
  const brand = (
    <div className="brand">
      <span className="brand-mark" aria-hidden="true" />
      {t('brand')}
    </div>
  );
  const language = <LanguageSwitch api={workspace.client.api.bind(workspace.client)} />;
  const signOutButton = (
    <button type="button" className="button small" onClick={() => signOut()}>
      {t('topBar.signOut')}
    </button>
  );

  if (phone)
    // A phone keeps the connection and the mentions in sight and folds the rest into the menu.
    return (
      <header className="topbar topbar-phone">
        {brand}
        <div className="topbar-spacer" />
        <Connection />
        <MentionsMenu />
        <PhoneMenu>
          <SearchBox />
          <StatusSwitch />
          <AlertControls onShowShortcuts={onShowShortcuts} labelled />
          {language}
          {menuViews.length > 0 && <ViewTabs views={menuViews} className="menu-views" landmark={false} />}
          <p className="menu-user" title={session.user.email}>
            {t('phone.signedInAs', { name: session.user.name })}
          </p>
          {signOutButton}
        </PhoneMenu>
      </header>
    );

  return (
    <>
      <header className="topbar">
        {brand}
        <ViewTabs views={dailyViews} className="tabs" />
        <div className="topbar-spacer" />
        <SearchBox />
        <Connection />
        <StatusSwitch />
        <MentionsMenu />
        <AlertControls onShowShortcuts={onShowShortcuts} labelled={false} />
        {language}
        <span className="user" title={session.user.email}>
          {session.user.name}
        </span>
        {signOutButton}
      </header>
      {manageViews.length > 0 && (
        <div className="manage-bar">
          <span className="manage-bar-label" aria-hidden="true">
            {t('topBar.manage')}
          </span>
          <ViewTabs views={manageViews} className="tabs manage-tabs" name={t('topBar.manage')} />
        </div>
      )}
    </>
  );
}
