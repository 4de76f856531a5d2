/**
 * web-llm reports progress per phase, each restarting at 0 ("Fetching param cache[3/40]",
 * "Loading model from cache[12/40]", "Loading GPU shader modules[5/60]", "Finish loading on
 * WebGPU"). This turns its text into one bar that only moves forward.
 */
const PHASES: { pattern: RegExp; start: number; end: number }[] = [
  // First: the final text names the adapter, which may contain "shader" (swiftshader).
  { pattern: /finish loading/i, start: 1, end: 1 },
  { pattern: /fetching param cache|fetching/i, start: 0, end: 0.7 },
  { pattern: /loading model from cache/i, start: 0.7, end: 0.85 },
  { pattern: /loading gpu shader modules/i, start: 0.85, end: 0.99 },
];

export function continuousProgress(text: string, phaseProgress: number, previous = 0): number {
  const phase = PHASES.find((p) => p.pattern.test(text));
  if (!phase) return previous;
  const counter = /\[(\d+)\/(\d+)\]/.exec(text);
  const within = counter ? Number(counter[1]) / Math.max(1, Number(counter[2])) : Math.min(1, Math.max(0, phaseProgress));
  return Math.max(previous, phase.start + (phase.end - phase.start) * within);
}
