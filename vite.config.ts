import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { crossOriginIsolation } from './scripts/lib/crossOriginIsolation.ts';
import { serveModels } from './scripts/lib/serveModels.ts';
import { contentSecurityPolicyPlugin } from './scripts/lib/contentSecurityPolicy.ts';
import { dataNotFound } from './scripts/lib/dataNotFound.ts';

export default defineConfig({
  plugins: [
    svelte(),
    // The Content-Security-Policy header (connect-src 'self'), dev and preview alike: the browser
    // itself keeps every request on this origin.
    contentSecurityPolicyPlugin(),
    // Multi-threaded CPU engine: SharedArrayBuffer needs cross-origin isolation.
    crossOriginIsolation(),
    serveModels(process.env.COMPTOIR_MODELS_DIR ?? 'models'),
    dataNotFound(),
    // Offline from the first visit: it is controlled (clientsClaim) and its install precaches the shell,
    // the workers, web-llm's client and the whole corpus bundle, so the network can go right after.
    // A new build (app or corpus: both change the precache revisions) waits until the agent clicks
    // « Mettre à jour » (registerType 'prompt'; src/ui/appUpdate.svelte.ts registers the worker).
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Comptoir — assistant France Services',
        short_name: 'Comptoir',
        lang: 'fr',
        description: 'Réponses sourcées sur les fiches service-public.fr, sur le poste de l’agent.',
        theme_color: '#000091',
        background_color: '#ffffff',
        display: 'standalone',
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        clientsClaim: true,
        // The CPU engine's wasm (10 MB) too, so a GGUF model loads offline (#12).
        globPatterns: ['**/*.{js,css,html,svg,woff2,webmanifest}', 'corpus/*.{json,bin}', 'assets/wllama-*.wasm'],
        globIgnores: ['models/**'],
        // web-llm's client chunk is ~6 MB and the corpus chunks file tens of MB: all precached.
        maximumFileSizeToCacheInBytes: 256 * 1024 * 1024,
        // onnxruntime-web's wasm (28 MB) is fetched only by a desk that uses an embedding model
        // (#13): cached at first use rather than precached on every desk.
        runtimeCaching: [
          {
            urlPattern: ({ url }) => /^\/assets\/ort-wasm.*\.wasm$/.test(url.pathname),
            handler: 'CacheFirst',
            options: { cacheName: 'comptoir-embedder-runtime', expiration: { maxEntries: 4 } },
          },
        ],
        navigateFallbackDenylist: [/^\/models\//, /^\/corpus\//],
      },
    }),
  ],
  // Shown in Paramètres; a release (or the update test) sets COMPTOIR_BUILD_ID.
  define: { __COMPTOIR_BUILD__: JSON.stringify(process.env.COMPTOIR_BUILD_ID ?? process.env.npm_package_version ?? 'dev') },
  worker: { format: 'es', rolldownOptions: { checks: { bundlerTimings: false } } },
  // web-llm (~6 MB) is one chunk by design, loaded only with a model. Rolldown's plugin timing
  // report is for whoever tunes the build, not for whoever installs Comptoir.
  build: { target: 'es2022', chunkSizeWarningLimit: 7000, rolldownOptions: { checks: { bundlerTimings: false } } },
  server: { port: 5173 },
  preview: { port: 4173 },
});
