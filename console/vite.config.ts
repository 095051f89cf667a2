/**
 * The console's build: one entry, one chunk per page (React.lazy), hashed names under assets/ so
 * CloudFront and the local runtime can cache them for a year. `npm run build:console` runs it
 * after generating the API types and type-checking (scripts/build-console.ts).
 */
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: { proxy: { '^/(?!src|@|node_modules|index.html).+': 'http://127.0.0.1:3000' } },
});
