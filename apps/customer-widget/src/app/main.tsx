import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app';
import { ChatStore, gatewayAt } from './chat/chat-store';
import { WidgetConfigSource } from './chat/widget-config';
import { WidgetStorage, browserStorage } from './chat/widget-storage';
import { readOptions } from './config';
import { readHostUser } from './host/host-user';
import { HostBridge } from './host/host-bridge';
import { createWidgetI18n } from './i18n/widget-i18n';
import './styles/widget.css';

const options = readOptions();
const i18n = createWidgetI18n(options.locale);
document.documentElement.lang = options.locale;
document.title = options.title ?? i18n.t('widget.defaultTitle');

// The iframe is served by the gateway itself, so '' (this origin) is the gateway for REST and socket.io.
const storage = new WidgetStorage(browserStorage());
const store = new ChatStore({
  gateway: gatewayAt('', storage),
  storage,
  customerType: options.customerType,
  user: readHostUser(),
});
store.boot();
const config = WidgetConfigSource.at('');
void config.load();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App store={store} bridge={new HostBridge()} options={options} config={config} />
      </I18nextProvider>
    </StrictMode>,
  );
}
