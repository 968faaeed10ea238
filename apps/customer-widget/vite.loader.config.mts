import path from 'node:path';
import { defineConfig } from 'vite';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** dist/widget.js: the loader as one self-contained IIFE, added next to the app build (which runs first). */
export default defineConfig({
  root: import.meta.dirname,
  publicDir: false,
  // The locale negotiation from source (tree-shaken to a few functions: no i18next in the loader).
  resolve: { alias: { '@switchboard/i18n': path.join(repoRoot, 'libs/i18n/src/index.ts') } },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2019',
    lib: {
      entry: path.join(import.meta.dirname, 'src/loader/widget.ts'),
      formats: ['iife'],
      name: 'SwitchboardWidgetLoader',
      fileName: () => 'widget.js',
    },
  },
});
