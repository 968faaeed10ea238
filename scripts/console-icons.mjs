// Draws the agent console's app icons (apps/agent-console/public/icons/*.png) from one SVG with Chromium, so the
// PNGs the web app manifest lists are reproducible without an image tool. Usage: node scripts/console-icons.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import launch from '../e2e/console/chromium-launch.json' with { type: 'json' };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'apps/agent-console/public/icons');

/**
 * The brand mark (the top bar's blue square) with a speech bubble. A maskable icon is cropped by the launcher to
 * any shape inside the centre 80 %, so it fills the whole square and keeps the bubble well inside that circle.
 */
function svg({ maskable }) {
  const corner = maskable ? 0 : 96;
  const scale = maskable ? 0.62 : 0.8;
  const offset = (512 - 512 * scale) / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#2f6fed"/><stop offset="1" stop-color="#6a8ff5"/></linearGradient></defs>
  <rect width="512" height="512" rx="${corner}" fill="url(#g)"/>
  <g transform="translate(${offset} ${offset}) scale(${scale})">
    <path d="M128 136h256a40 40 0 0 1 40 40v136a40 40 0 0 1-40 40H236l-76 60v-60h-32a40 40 0 0 1-40-40V176a40 40 0 0 1 40-40z" fill="#fff"/>
    <circle cx="192" cy="244" r="22" fill="#2f6fed"/><circle cx="256" cy="244" r="22" fill="#2f6fed"/><circle cx="320" cy="244" r="22" fill="#2f6fed"/>
  </g>
</svg>`;
}

const ICONS = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
  { file: 'apple-touch-icon.png', size: 180, maskable: true },
];

const browser = await chromium.launch({
  ...launch,
  executablePath: process.env.CHROMIUM_PATH ?? launch.executablePath,
});
try {
  for (const icon of ICONS) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    const markup = svg(icon).replace(
      'width="512" height="512"',
      `width="${icon.size}" height="${icon.size}"`,
    );
    await page.setContent(`<html><body style="margin:0;background:transparent">${markup}</body></html>`);
    await page.screenshot({ path: path.join(outDir, icon.file), omitBackground: true });
    await page.close();
    console.log(`wrote ${path.relative(root, path.join(outDir, icon.file))}`);
  }
} finally {
  await browser.close();
}
