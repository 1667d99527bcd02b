import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Relative asset paths, so the same build loads from serve mode (http) and Electron (app://).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
});
