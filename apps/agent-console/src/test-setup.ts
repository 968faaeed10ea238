import '@testing-library/jest-dom';
import { cleanup } from '@testing-library/react';
import { i18n } from './shared/i18n';

// Each test starts in English with no language remembered on the "device" (the existing specs use English names);
// what the test rendered is unmounted first, so the switch re-renders nothing.
afterEach(async () => {
  cleanup();
  localStorage.removeItem('switchboard.console.locale');
  await i18n.changeLanguage('en');
});

// jsdom has <dialog> but not its modal behaviour: a small stand-in for showModal(), close() and the
// `cancel` that Escape sends to the topmost modal dialog (real browsers do all of this themselves).
const openModals: HTMLDialogElement[] = [];
HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
  this.setAttribute('open', '');
  openModals.push(this);
};
HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
  if (!this.hasAttribute('open')) return;
  this.removeAttribute('open');
  openModals.splice(openModals.indexOf(this), 1);
  this.dispatchEvent(new Event('close'));
};
document.addEventListener(
  'keydown',
  (event) => {
    const top = openModals[openModals.length - 1];
    if (event.key !== 'Escape' || !top) return;
    if (top.dispatchEvent(new Event('cancel', { cancelable: true }))) top.close();
  },
  true,
);
