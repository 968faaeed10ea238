// The demo page's own code. It runs before the loader (module scripts and deferred scripts run in document order),
// so `?locale=zh-CN` can still set the loader tag's data-locale, as a Chinese site would write it in its HTML.
const locale = new URLSearchParams(window.location.search).get('locale');
const loader = document.getElementById('switchboard-loader');
if (locale && loader) {
  loader.dataset.locale = locale;
  // A Chinese site names its support team in Chinese too (the host page's words, not the widget's).
  if (locale === 'zh-CN') loader.dataset.title = 'Acme 客服';
}
for (const link of document.querySelectorAll<HTMLAnchorElement>('[data-locale-link]')) {
  if (link.dataset.localeLink === (locale ?? 'en')) link.setAttribute('aria-current', 'true');
}

// Its "Chat with support" button opens the widget through the loader's API.
document.querySelector('[data-open-chat]')?.addEventListener('click', () => window.SwitchboardWidget?.open());
