/**
 * npm run deploy:nginx [-- --server-name comptoir.mairie.fr --root /srv/comptoir/dist
 *                        --models /srv/comptoir/models --cert <pem> --key <pem> --allow-hub --out <file>]
 * npm run deploy:nginx -- --local 8080 --out -     (one PC: plain HTTP on 127.0.0.1 only)
 *
 * Writes Comptoir's nginx site from the tables `npm start` sends its headers from
 * (scripts/lib/serverHeaders.ts). Without options it rewrites the reference copy,
 * deploy/nginx/comptoir.conf; `--out -` prints it. `--local` serves this PC alone over plain HTTP
 * on the loopback address, which browsers treat as secure (never from another machine).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_SITE, nginxSite } from './lib/nginxSite';

export const REFERENCE_SITE = 'deploy/nginx/comptoir.conf';

const { values } = parseArgs({
  options: {
    'server-name': { type: 'string', default: DEFAULT_SITE.serverName },
    root: { type: 'string', default: DEFAULT_SITE.root },
    models: { type: 'string', default: DEFAULT_SITE.models },
    cert: { type: 'string', default: DEFAULT_SITE.tls!.certificate },
    key: { type: 'string', default: DEFAULT_SITE.tls!.key },
    'allow-hub': { type: 'boolean', default: false },
    local: { type: 'string' },
    out: { type: 'string', default: REFERENCE_SITE },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('npm run deploy:nginx -- [--server-name NAME] [--root DIST] [--models DIR] [--cert PEM] [--key PEM] [--allow-hub] [--local PORT] [--out FILE|-]');
  console.log(`defaults: ${DEFAULT_SITE.serverName}, ${DEFAULT_SITE.root}, ${DEFAULT_SITE.models}, ${DEFAULT_SITE.tls!.certificate}, ${DEFAULT_SITE.tls!.key}, ${REFERENCE_SITE}`);
  process.exit(0);
}

const local = values.local === undefined ? undefined : Number(values.local);
if (local !== undefined && !(Number.isInteger(local) && local > 0 && local < 65536)) {
  console.error('--local: a port number (8080)');
  process.exit(2);
}
const site = nginxSite({
  serverName: local ? 'localhost' : values['server-name']!,
  root: values.root!,
  models: values.models!,
  ...(local ? { port: local, addresses: ['127.0.0.1'] } : { tls: { certificate: values.cert!, key: values.key! } }),
  allowHub: values['allow-hub'],
});
if (values.out === '-') process.stdout.write(site);
else {
  writeFileSync(values.out!, site);
  console.log(`nginx site written to ${values.out}`);
}
