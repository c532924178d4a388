import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

// The config lives inside client/ so the Worker's own tooling (root tsconfig, vitest) never
// picks it up by accident. Paths are resolved from this file, not from the shell's cwd,
// so `vite build --config client/vite.config.ts` works from anywhere.
const clientDir = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root: clientDir,
  // Absolute asset URLs: the Worker serves index.html for deep links such as /courses/x,
  // where relative URLs would resolve under the wrong folder.
  base: '/',
  plugins: [solid()],
  build: {
    outDir: `${clientDir}dist`,
    emptyOutDir: true,
    // Never inline assets as data: URIs, so the Worker's CSP needs no `data:` source.
    assetsInlineLimit: 0,
  },
  server: {
    // In `vite dev` the bootstrap is empty, so the client calls /api/school itself; send those
    // calls to `wrangler dev`. The Host header is kept so <slug>.localhost still picks the school.
    proxy: { '/api': { target: 'http://127.0.0.1:8787', changeOrigin: false } },
  },
});
