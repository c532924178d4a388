import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

// Builds the SolidJS client (client/) into client/dist, which wrangler.toml serves as ASSETS.
// Paths are resolved from this file, not the shell's cwd, so the build works from anywhere.
// Tests do not read this file: vitest.config.ts takes precedence for vitest.
const clientDir = decodeURIComponent(new URL('./client/', import.meta.url).pathname);

export default defineConfig({
  root: clientDir,
  // Absolute asset URLs: the Worker serves index.html for deep links such as /courses/x,
  // where relative URLs would resolve under the wrong folder.
  base: '/',
  plugins: [solid()],
  build: {
    outDir: `${clientDir}dist`,
    emptyOutDir: true,
    // Never inline assets as data: URIs; every asset stays a hashed file under /assets/.
    assetsInlineLimit: 0,
  },
  server: {
    // In `vite dev` the bootstrap is empty, so the client calls /api/school itself; send those
    // calls to `wrangler dev`. The Host header is kept so <slug>.localhost still picks the school.
    proxy: { '/api': { target: 'http://127.0.0.1:8787', changeOrigin: false } },
  },
});
