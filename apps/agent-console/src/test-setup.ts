import '@testing-library/jest-dom';

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
