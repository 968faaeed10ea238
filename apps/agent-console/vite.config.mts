import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const fromRoot = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

// The libraries are bundled from their TypeScript sources so the browser build never pulls CommonJS dist files.
export default defineConfig({
  base: '/agent/',
  plugins: [react()],
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
