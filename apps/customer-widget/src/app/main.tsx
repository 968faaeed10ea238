import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { ChatStore, gatewayAt } from './chat/chat-store';
import { WidgetStorage, browserStorage } from './chat/widget-storage';
import { readOptions } from './config';
import { HostBridge } from './host/host-bridge';
import './styles/widget.css';

const options = readOptions();
document.title = options.title;

// The iframe is served by the gateway itself, so '' (this origin) is the gateway for REST and socket.io.
const storage = new WidgetStorage(browserStorage());
const store = new ChatStore({ gateway: gatewayAt('', storage), storage, customerType: options.customerType });
store.boot();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App store={store} bridge={new HostBridge()} options={options} />
    </StrictMode>,
  );
}
