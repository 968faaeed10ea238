import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/**
 * Two pages: the demo host page (dist/index.html) and the chat app the loader opens in an iframe
 * (dist/widget/index.html, its assets under dist/widget/assets). The loader itself is a second build
 * (vite.loader.config.ts) because it must be one self-contained classic script.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  resolve: {
    // Compile the workspace libraries from source: ES modules that tree-shake, not their CommonJS dist.
    alias: {
      '@switchboard/client': path.join(repoRoot, 'libs/client/src/index.ts'),
      '@switchboard/i18n': path.join(repoRoot, 'libs/i18n/src/index.ts'),
      '@switchboard/protocol': path.join(repoRoot, 'libs/protocol/src/index.ts'),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'widget/assets',
    rolldownOptions: {
      input: {
        demo: path.join(import.meta.dirname, 'index.html'),
        widget: path.join(import.meta.dirname, 'widget/index.html'),
      },
    },
  },
});
