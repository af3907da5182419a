import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The config sits in web/ but `npm run build:web` and the test setup run from the repository
// root, so the root is pinned to this folder rather than taken from the working directory.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // Absolute asset URLs, so that a deep link such as /customers/…/statement loads its scripts.
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  // `npx vite --config web/vite.config.ts` serves the app with hot reload against `npm start`.
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
