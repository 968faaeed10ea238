// The demo page's own code: its "Chat with support" button opens the widget through the loader's API.
document.querySelector('[data-open-chat]')?.addEventListener('click', () => window.SwitchboardWidget?.open());
