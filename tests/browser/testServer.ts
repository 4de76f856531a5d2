import { preview, type Plugin, type PreviewServer } from 'vite';

/**
 * `vite preview` gzips every response on the fly, and a fresh page of the app reads about 47 MB
 * (the corpus bundle): on loopback that is about one CPU-second per page load, shared between the
 * server and Chromium, taken from the test running beside it. The test servers send files as they
 * are; what a deployment's server sends, compression included, is the nginx test's subject.
 */
const uncompressed: Plugin = {
  name: 'comptoir-test-uncompressed',
  configurePreviewServer(server) {
    server.middlewares.use((req, _res, next) => {
      delete req.headers['accept-encoding'];
      next();
    });
  },
};

/** A build folder served on a loopback port, as `npm start` serves it but uncompressed. */
export function serveBuild(outDir: string): Promise<PreviewServer> {
  return preview({ logLevel: 'warn', plugins: [uncompressed], build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
}
