/**
 * Client build (DESIGN section 2): the React PWA in `client/`, built to `client/dist` and
 * served by sync-server from the same origin as `/api`.
 *
 * The service worker precaches the whole app shell (JS, CSS, HTML, icons and the
 * self-hosted zxing-wasm `.wasm`) so the app starts with the network off after one online
 * visit. `registerType: 'prompt'`: a new version waits until the user accepts the update
 * prompt (client/src/app/update-prompt.tsx) — reloading under a technician mid-form would
 * lose the form.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** Where `npm run dev` forwards `/api` (the sync-server). */
const apiTarget = process.env.EDC_API_URL ?? 'http://localhost:8080';
/** Absolute, so `vite build` works from the repo root and from the client workspace. */
const clientRoot = resolve(dirname(fileURLToPath(import.meta.url)), 'client');

export default defineConfig({
  root: clientRoot,
  publicDir: resolve(clientRoot, 'public'),
  resolve: {
    // npm installs Dexie twice (client/node_modules/dexie for db/, and rxdb's own nested copy,
    // both 4.4.2): without this the initial JavaScript carried Dexie twice (34.5 KB gzip
    // each) and the local store and RxDB's storage ran on two Dexie instances.
    dedupe: ['dexie'],
  },
  build: {
    // EDC_CLIENT_OUT_DIR: e2e/bench build into a private dir so parallel builds of
    // client/dist by others never swap chunks under a running test.
    outDir: process.env.EDC_CLIENT_OUT_DIR ?? resolve(clientRoot, 'dist'),
    emptyOutDir: true,
    sourcemap: false,
    // zxing's wasm is loaded lazily by the scanner; its size must not warn about the shell.
    chunkSizeWarningLimit: 1200,
  },
  // ES-module workers can code-split: the scan worker stays small and the @zxing/library
  // fallback becomes its own chunk, fetched only when the .wasm decoder cannot load (SCAN).
  worker: { format: 'es' },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false, ws: false } },
  },
  preview: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  plugins: [
    react(),
    VitePWA({
      registerType: 'prompt',
      // We register through workbox-window ourselves (update prompt + controlling state).
      injectRegister: false,
      strategies: 'generateSW',
      includeAssets: ['icons/*.png', 'icons/*.svg'],
      manifest: {
        name: 'EDC Field Service',
        short_name: 'EDC Service',
        description: 'Kasus penggantian EDC di lapangan, juga tanpa sinyal.',
        lang: 'id',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#0b5cad',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,wasm,webmanifest,json}'],
        // The zxing-wasm binary is ~1 MB; it must be precached for offline scanning.
        maximumFileSizeToCacheInBytes: 6 * 1024 * 1024,
        navigateFallback: '/index.html',
        // API calls must never be answered with the app shell.
        navigateFallbackDenylist: [/^\/api(\/|$)/],
        cleanupOutdatedCaches: true,
        // First install takes control at once so the very first visit is offline-ready;
        // later versions still wait for the prompt (skipWaiting stays off).
        clientsClaim: true,
        skipWaiting: false,
        // Push display and notification taps (client/public/push-sw.js), added to the
        // generated worker so precaching and offline navigation stay Workbox's.
        importScripts: ['/push-sw.js'],
      },
      devOptions: { enabled: false },
    }),
  ],
});
