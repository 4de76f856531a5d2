/** `--llama key=value,…` → llama.cpp load settings (bench experiments): numbers and booleans typed, the rest strings. */
export function llamaOverrides(spec: string): Record<string, number | boolean | string> {
  return Object.fromEntries(spec.split(',').filter(Boolean).map((kv) => {
    const [k, v = ''] = kv.split('=');
    return [k!, v === 'true' ? true : v === 'false' ? false : Number.isNaN(Number(v)) || v === '' ? v : Number(v)];
  }));
}
