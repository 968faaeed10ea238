import { createStore } from './store';

export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

export const toastStore = createStore<{ toasts: Toast[] }>({ toasts: [] });
let nextId = 1;

/** Shows a short message at the bottom of the screen for a few seconds. */
export function showToast(text: string, tone: Toast['tone'] = 'info', ms = 4000): void {
  const id = nextId++;
  toastStore.set((s) => ({ toasts: [...s.toasts, { id, text, tone }] }));
  setTimeout(() => dismissToast(id), ms);
}

export function dismissToast(id: number): void {
  toastStore.set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}
