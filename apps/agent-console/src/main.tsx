import { createRoot } from 'react-dom/client';
import { App } from './App';
import './shared/theme.css';
import './shared/layout.css';

createRoot(document.getElementById('root')!).render(<App />);
