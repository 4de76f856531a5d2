import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { crossOriginIsolation } from './scripts/lib/crossOriginIsolation.ts';
import { serveModels } from './scripts/lib/serveModels.ts';

export default defineConfig({
  plugins: [
    svelte(),
    // Multi-threaded CPU engine (issue #12): SharedArrayBuffer needs cross-origin isolation.
    crossOriginIsolation(),
    serveModels(process.env.COMPTOIR_MODELS_DIR ?? 'models'),
    // The app keeps working when the desk's local server is down: the shell, the workers and
    // web-llm's client are precached; the corpus is cached at first use and refreshed in the
    // background. Model weights are cached by web-llm itself.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
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
        // The CPU engine's wasm (10 MB) too, so a GGUF model loads offline (#12).
        globPatterns: ['**/*.{js,css,html,svg,woff2,webmanifest}', 'assets/wllama-*.wasm'],
        globIgnores: ['corpus/**', 'models/**'],
        // web-llm's client chunk is ~6 MB: precached so a model loads offline too.
        maximumFileSizeToCacheInBytes: 12 * 1024 * 1024,
        navigateFallbackDenylist: [/^\/models\//, /^\/corpus\//],
        runtimeCaching: [
          {
            urlPattern: ({ url }) => url.pathname.startsWith('/corpus/'),
            handler: 'StaleWhileRevalidate',
            options: { cacheName: 'comptoir-corpus', expiration: { maxEntries: 10 } },
          },
        ],
      },
    }),
  ],
  worker: { format: 'es' },
  // The DSFR stylesheet keeps old IE media hacks that LightningCSS would otherwise reject.
  css: { lightningcss: { errorRecovery: true } },
  // web-llm (~6 MB) is one chunk by design, loaded only with a model.
  build: { target: 'es2022', chunkSizeWarningLimit: 7000 },
  server: { port: 5173 },
  preview: { port: 4173 },
});
