import { cpSync, rmSync } from 'node:fs';
import { preview } from 'vite';

export interface ServedCopy {
  url: string;
  close(): Promise<void>;
}

/**
 * A copy of the test build in `dir`, served by `vite preview` on a loopback port: a desk's server
 * holding a release, into which a later build can land as an operator's update would.
 */
export async function serveCopy(dir: string): Promise<ServedCopy> {
  rmSync(dir, { recursive: true, force: true });
  cpSync('test-results/app', dir, { recursive: true });
  const server = await preview({ logLevel: 'warn', build: { outDir: dir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  return {
    url: server.resolvedUrls!.local[0]!,
    close: () => new Promise<void>((resolve) => server.httpServer.close(() => resolve())),
  };
}
