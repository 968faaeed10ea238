import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const fromRoot = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

// The libraries are bundled from their TypeScript sources so the browser build never pulls CommonJS dist files.
export default defineConfig({
  base: '/agent/',
  plugins: [
    react(),
    // The installable app (docs/agent-console.md, "On a phone"): our own worker (src/sw.ts) with Workbox's precache
    // of the built shell injected; it also turns notification clicks into "open this conversation".
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      includeAssets: ['icons/apple-touch-icon.png'],
      injectManifest: { globPatterns: ['**/*.{js,css,html,png,svg,woff2}'] },
      manifest: {
        id: '/agent/',
        name: 'Switchboard agent console',
        short_name: 'Switchboard',
        description: 'Answer customers, grab inquiries and watch the queue.',
        start_url: '/agent/',
        scope: '/agent/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#2f6fed',
        background_color: '#f4f5f7',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
  resolve: {
    alias: [
      { find: /^@switchboard\/protocol$/, replacement: fromRoot('libs/protocol/src/index.ts') },
      { find: /^@switchboard\/client$/, replacement: fromRoot('libs/client/src/index.ts') },
    ],
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 900 },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/socket.io': { target: 'http://127.0.0.1:3000', ws: true } },
  },
});
