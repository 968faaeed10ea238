import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { SwitchboardClient } from '@switchboard/client';
import { useTranslation } from 'react-i18next';
import { endSession, noticeFor, sessionStore, tokenExpiry, type Session } from './auth/session';
import { SignInPage } from './auth/SignInPage';
import { AgentWorkspace } from './conversations/agent-workspace';
import { AgentScreen } from './conversations/AgentScreen';
import type { ConsoleClient } from './shared/console-client';
import { ConsoleProvider, type ConsoleServices } from './shared/console-context';
import { OfflineBanner, UpdatePrompt } from './shared/AppBanners';
import { useIsPhone } from './shared/phone';
import { openRequestHandled, pwaStore } from './shared/pwa-state';
import { currentRoute, navigate, useRoute } from './shared/router';
import { ShortcutsHelp } from './shared/ShortcutsHelp';
import { useStore } from './shared/store';
import { Toasts } from './shared/Toasts';
import { BottomNav, TopBar } from './shared/TopBar';
import { useShortcuts } from './shared/useShortcuts';
import { SupervisorMonitor } from './supervisor/supervisor-monitor';

// Recharts and the accounts screen are only needed by supervisors: keep them out of the agents' first load.
const SupervisorScreen = lazy(() =>
  import('./supervisor/SupervisorScreen').then((m) => ({ default: m.SupervisorScreen })),
);
const AccountsScreen = lazy(() =>
  import('./supervisor/AccountsScreen').then((m) => ({ default: m.AccountsScreen })),
);
const ReportsScreen = lazy(() => import('./reports/ReportsScreen').then((m) => ({ default: m.ReportsScreen })));
const LabelsScreen = lazy(() => import('./labels/LabelsScreen').then((m) => ({ default: m.LabelsScreen })));
const SettingsScreen = lazy(() => import('./settings/SettingsScreen').then((m) => ({ default: m.SettingsScreen })));
const WebhooksScreen = lazy(() => import('./webhooks/WebhooksScreen').then((m) => ({ default: m.WebhooksScreen })));
const ApiTokensScreen = lazy(() => import('./api-tokens/ApiTokensScreen').then((m) => ({ default: m.ApiTokensScreen })));
const TeamsScreen = lazy(() => import('./teams/TeamsScreen').then((m) => ({ default: m.TeamsScreen })));
const CannedRepliesScreen = lazy(() =>
  import('./canned-replies/CannedRepliesScreen').then((m) => ({ default: m.CannedRepliesScreen })),
);

export type ClientFactory = (session: Session) => ConsoleClient;

function defaultClientFactory(baseUrl: string): ClientFactory {
  return (session) =>
    new SwitchboardClient({
      url: baseUrl,
      namespace: 'agent',
      token: session.token,
      storage: localStorage,
      storageKey: `switchboard.console.${session.user.id}`,
    });
}

/** A notification's conversation (clicked while the console was in the background, or its start URL) opens here. */
function useOpenRequests(workspace: AgentWorkspace): void {
  const openRequest = useStore(pwaStore, (s) => s.openRequest);
  useEffect(() => {
    if (!openRequest) return;
    openRequestHandled();
    if (currentRoute() !== 'inbox') navigate('inbox');
    void workspace.open(openRequest);
  }, [openRequest, workspace]);
}

function Console({ services }: { services: ConsoleServices }) {
  const { t } = useTranslation();
  const route = useRoute();
  const phone = useIsPhone();
  const [help, setHelp] = useState(false);
  const { workspace } = services;
  const connection = useStore(workspace.store, (s) => s.connection);
  useOpenRequests(workspace);
  const shortcuts = useMemo(
    () => ({
      g: () => workspace.grabNext(),
      j: () => workspace.step(1),
      k: () => workspace.step(-1),
      r: () => workspace.notes.focusComposer('reply'),
      n: () => workspace.notes.focusComposer('note'),
      '?': () => setHelp(true),
    }),
    [workspace],
  );
  useShortcuts(shortcuts);
  return (
    <ConsoleProvider services={services}>
      <div className="app">
        <TopBar onShowShortcuts={() => setHelp(true)} />
        <OfflineBanner connection={connection} />
        {route === 'cannedReplies' ? (
          <Suspense fallback={<main className="canned-screen empty-state">{t('loading')}</main>}>
            <CannedRepliesScreen />
          </Suspense>
        ) : route !== 'inbox' && services.supervisor ? (
          <Suspense fallback={<main className="supervisor empty-state">{t('loading')}</main>}>
            {route === 'accounts' ? (
              <AccountsScreen />
            ) : route === 'labels' ? (
              <LabelsScreen />
            ) : route === 'settings' ? (
              <SettingsScreen />
            ) : route === 'reports' ? (
              <ReportsScreen />
            ) : route === 'webhooks' ? (
              <WebhooksScreen />
            ) : route === 'apiTokens' ? (
              <ApiTokensScreen />
            ) : route === 'teams' ? (
              <TeamsScreen />
            ) : (
              <SupervisorScreen />
            )}
          </Suspense>
        ) : (
          <AgentScreen />
        )}
        {phone && <BottomNav />}
        {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
      </div>
    </ConsoleProvider>
  );
}

/** Owns the SDK client for one session: connects on sign-in, closes on sign-out or expiry. */
function SignedIn({ session, makeClient }: { session: Session; makeClient: ClientFactory }) {
  const [services, setServices] = useState<ConsoleServices | null>(null);

  useEffect(() => {
    const client = makeClient(session);
    const end = (reason: string) => endSession(session.token, noticeFor(reason));
    // The gateway says why it ended the session (disabled, password changed...) before the socket closes.
    const offRevoked = client.on('session.revoked', ({ reason }) => end(reason));
    const workspace = new AgentWorkspace(client, session.user, () => end('expired'));
    const supervisor = session.user.role === 'supervisor' ? new SupervisorMonitor(client) : null;
    supervisor?.start();
    workspace.start();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the services live exactly as long as this effect run (its cleanup stops them), so render learns them from state
    setServices({ session, workspace, supervisor });
    const exp = tokenExpiry(session.token);
    // setTimeout overflows past ~24.8 days; such tokens are left to the server's refusal.
    const msLeft = exp === null ? null : exp * 1000 - Date.now();
    const timer =
      msLeft !== null && msLeft < 2 ** 31 - 1 ? setTimeout(() => end('expired'), msLeft) : undefined;
    return () => {
      offRevoked();
      clearTimeout(timer);
      supervisor?.stop();
      workspace.stop();
    };
  }, [session, makeClient]);

  return services ? <Console services={services} /> : null;
}

export function App({ baseUrl = '', makeClient }: { baseUrl?: string; makeClient?: ClientFactory }) {
  const session = useStore(sessionStore, (s) => s.session);
  const factory = useMemo(() => makeClient ?? defaultClientFactory(baseUrl), [makeClient, baseUrl]);
  return (
    <>
      {session ? (
        <SignedIn key={session.token} session={session} makeClient={factory} />
      ) : (
        <>
          <OfflineBanner />
          <SignInPage baseUrl={baseUrl} />
        </>
      )}
      <UpdatePrompt />
      <Toasts />
    </>
  );
}
