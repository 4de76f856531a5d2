import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Fetcher } from './deployChecks';

export interface FetchOptions {
  /** PEM of a CA (or of the self-signed certificate) to trust besides the system's. */
  ca?: string;
  /** host → IP, as curl's --resolve: test a name before DNS knows it. */
  resolve?: Record<string, string>;
  timeoutMs?: number;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Plain requests with node:http(s): no redirects followed, no decompression asked, the
 * deployer's CA and name overrides applied. Certificate errors are errors.
 */
export function nodeFetcher(options: FetchOptions = {}): Fetcher {
  const lookup = (hostname: string, opts: LookupOptions, callback: LookupCallback) => {
    const ip = options.resolve?.[hostname];
    if (!ip) return dnsLookup(hostname, opts, callback as never);
    const family = ip.includes(':') ? 6 : 4;
    if (opts.all) callback(null, [{ address: ip, family }]);
    else callback(null, ip, family);
  };
  return (url, init = {}) => new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(target, {
      method: init.method ?? 'GET',
      headers: { 'User-Agent': 'comptoir-deploy-check', ...init.headers },
      lookup: lookup as never,
      ...(target.protocol === 'https:' ? { ca: options.ca ? [options.ca] : undefined, servername: target.hostname } : {}),
      timeout: options.timeoutMs ?? 15_000,
    }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        resolve({ status: res.statusCode ?? 0, headers, body: new Uint8Array(Buffer.concat(chunks)) });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
