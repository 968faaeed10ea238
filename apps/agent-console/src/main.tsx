import { createRoot } from 'react-dom/client';
import { App } from './App';
import { trackVisualViewport } from './shared/phone';
import { registerConsoleWorker } from './shared/pwa-register';
import './shared/theme.css';
import './shared/layout.css';
import './shared/phone.css';

trackVisualViewport();
registerConsoleWorker();
createRoot(document.getElementById('root')!).render(<App />);
