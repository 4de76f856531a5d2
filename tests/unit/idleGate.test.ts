import { describe, expect, it } from 'vitest';
import { IdleGate } from '../../src/ui/idleGate';

describe('update gate: never in the middle of an answer', () => {
  it('runs at once when nothing is being answered', () => {
    const done: string[] = [];
    new IdleGate(() => false).whenIdle(() => done.push('maj'));
    expect(done).toEqual(['maj']);
  });

  it('waits for the answer in progress, then runs in order', () => {
    let busy = true;
    const done: string[] = [];
    const gate = new IdleGate(() => busy);
    gate.whenIdle(() => done.push('installer'));
    gate.whenIdle(() => done.push('recharger'));
    gate.idle();
    expect(done).toEqual([]);
    expect(gate.pending).toBe(true);
    busy = false;
    gate.idle();
    expect(done).toEqual(['installer', 'recharger']);
    expect(gate.pending).toBe(false);
  });

  it('stops when an action starts a new answer', () => {
    let busy = false;
    const done: string[] = [];
    const gate = new IdleGate(() => busy);
    busy = true;
    gate.whenIdle(() => { done.push('a'); busy = true; });
    gate.whenIdle(() => done.push('b'));
    busy = false;
    gate.idle();
    expect(done).toEqual(['a']);
  });
});
