/// <reference types="vite-plugin-pwa/vanillajs" />
/** The build's version (vite.config.ts `define`): shown to the agent, changed by each release. */
declare const __COMPTOIR_BUILD__: string;
