import { cpSync, rmSync } from 'node:fs';
import { serveBuild } from './testServer';

export interface ServedCopy {
  url: string;
  close(): Promise<void>;
}

/**
 * A copy of the test build in `dir`, served on a loopback port (serveBuild): a desk's server
 * holding a release, into which a later build can land as an operator's update would.
 */
export async function serveCopy(dir: string): Promise<ServedCopy> {
  rmSync(dir, { recursive: true, force: true });
  cpSync('test-results/app', dir, { recursive: true });
  const server = await serveBuild(dir);
  return {
    url: server.resolvedUrls!.local[0]!,
    close: () => new Promise<void>((resolve) => server.httpServer.close(() => resolve())),
  };
}
