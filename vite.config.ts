import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { serveModels } from './scripts/lib/serveModels.ts';

export default defineConfig({
  plugins: [svelte(), serveModels(process.env.COMPTOIR_MODELS_DIR ?? 'models')],
  worker: { format: 'es' },
  // The DSFR stylesheet keeps old IE media hacks that LightningCSS would otherwise reject.
  css: { lightningcss: { errorRecovery: true } },
  build: { target: 'es2022', chunkSizeWarningLimit: 1000 },
  server: { port: 5173 },
  preview: { port: 4173 },
});
