/**
 * npm packages a bench needs as a yardstick but the project does not (native runtimes to compare
 * ours with), installed on first use into node_modules/.cache/<folder>/: `npm ci` never fetches
 * them and wipes them with the rest. No package scripts run: native builds come as prebuilt npm
 * packages, never built here nor fetched from elsewhere.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** `specs` as name@version; the folder holding their node_modules, or why it could not be made. */
export function installOnDemand(folder: string, specs: string[], log: (line: string) => void = console.log): { dir: string } | { error: string } {
  const dir = resolve('node_modules/.cache', folder);
  const names = specs.map((s) => s.slice(0, s.lastIndexOf('@')));
  const present = () => names.every((n) => existsSync(join(dir, 'node_modules', n, 'package.json')));
  if (present()) return { dir };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, description: 'bench yardsticks, installed on demand' }));
  log(`installing ${specs.join(', ')} from npm into ${dir} (once)…`);
  try {
    // --omit=optional: only the packages named (node-llama-cpp lists its GPU builds as optional).
    execFileSync('npm', ['install', '--ignore-scripts', '--omit=optional', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', ...specs],
      { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (err) {
    return { error: `npm install ${specs.join(' ')} failed: ${(err as Error).message.split('\n')[0]}` };
  }
  return present() ? { dir } : { error: `${specs.join(' ')} did not install` };
}
