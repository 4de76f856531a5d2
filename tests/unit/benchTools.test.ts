import { describe, expect, it } from 'vitest';
import { llamaOverrides } from '../../scripts/lib/llamaOverrides';
import { threadCpuSplit } from '../../scripts/lib/processMemory';

describe('bench tools', () => {
  it('--llama key=value,… types numbers and booleans and keeps the rest as strings', () => {
    expect(llamaOverrides('n_ubatch=256,flash_attn=false,cache_type_k=q8_0,n_parallel=1')).toEqual({ n_ubatch: 256, flash_attn: false, cache_type_k: 'q8_0', n_parallel: 1 });
    expect(llamaOverrides('')).toEqual({});
  });

  it('splits CPU time between the busiest threads and the rest, counting only what each used between the snapshots', () => {
    const t = (name: string, cpuS: number) => ({ name, kind: 'renderer', cpuS });
    const before = new Map([['1/1', t('DedicatedWorker', 10)], ['1/2', t('CrRendererMain', 5)], ['1/3', t('Compositor', 1)]]);
    const after = new Map([['1/1', t('DedicatedWorker', 37)], ['1/2', t('CrRendererMain', 5.5)], ['1/3', t('Compositor', 1.5)], ['1/4', t('DedicatedWorker', 2)]]);
    expect(threadCpuSplit(before, after, 2)).toBe('30.0 CPU-s: renderer « DedicatedWorker » 27.0 s, renderer « DedicatedWorker » 2.0 s, 2 other threads 1.0 s (3.3 %)');
  });
});
