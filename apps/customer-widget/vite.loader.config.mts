import path from 'node:path';
import { defineConfig } from 'vite';

/** dist/widget.js: the loader as one self-contained IIFE, added next to the app build (which runs first). */
export default defineConfig({
  root: import.meta.dirname,
  publicDir: false,
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
