// The app build: renderer/ is the Vite root; the output in dist/renderer is what Electron serves
// on app://firedrill/ (relative asset paths work there and on any static server) and what `npm run serve` serves on 127.0.0.1.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1', fs: { allow: ['..'] } },
});
