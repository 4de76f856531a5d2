/**
 * npm run kiosk:code [-- <code>]   (without an argument, reads the code from standard input)
 * Prints the kiosk.json that sets a kiosk's administrator code: a salted PBKDF2 hash, never the
 * code. Put it beside index.html on the server (e.g. dist/kiosk.json, or public/kiosk.json before
 * the build). Reading from standard input keeps the code out of the shell's history.
 */
import { createInterface } from 'node:readline/promises';
import { formatCodeHash, hashCode } from '../src/kiosk/codeHash';
import { MIN_CODE_LENGTH } from '../src/kiosk/kioskPolicy';

async function readCode(): Promise<string> {
  if (process.argv[2] !== undefined) return process.argv[2];
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  if (process.stdin.isTTY) process.stderr.write('Administrator code: ');
  const line = (await rl[Symbol.asyncIterator]().next()).value ?? '';
  rl.close();
  return line;
}

const code = (await readCode()).trim();
if (code.length < MIN_CODE_LENGTH) {
  console.error(`kiosk:code: the code must have at least ${MIN_CODE_LENGTH} characters.`);
  process.exit(1);
}
console.log(JSON.stringify({ adminCode: formatCodeHash(await hashCode(code)) }));
