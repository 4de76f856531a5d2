import { describe, expect, it } from 'vitest';
import { ClipboardGuard, resetVisit, type VisitResetSteps } from '../../src/privacy/visitReset';

/** « Nouvel usager »: one routine for the button and the kiosk's countdown. */
function steps(overrides: Partial<VisitResetSteps> = {}) {
  const log: string[] = [];
  let board = '';
  const clipboard = new ClipboardGuard(() => ({ writeText: async (t: string) => { board = t; log.push(`clipboard:${JSON.stringify(t)}`); } }));
  const all: VisitResetSteps = {
    closeViews: () => void log.push('views'),
    forgetTyped: () => void log.push('typed'),
    clearConversation: async () => {
      await new Promise((r) => setTimeout(r, 5));
      log.push('conversation');
    },
    forgetEngine: async () => void log.push('engine'),
    forgetSearch: async () => void log.push('search'),
    clipboard,
    ...overrides,
  };
  return { all, log, clipboard, board: () => board };
}

describe('« Nouvel usager »', () => {
  it('closes the views at once, then clears the conversation, then the engine, search and clipboard caches', async () => {
    const { all, log, clipboard, board } = steps();
    await clipboard.write('Réponse copiée pour Zébulon');
    log.length = 0;
    expect(await resetVisit(all)).toEqual([]);
    expect(log.slice(0, 4)).toEqual(['views', 'typed', 'conversation', 'views']);
    expect(log.slice(4).sort()).toEqual(['clipboard:""', 'engine', 'search']);
    expect(board()).toBe('');
  });

  it('leaves the clipboard alone when the app did not write to it this visit', async () => {
    const { all, log, clipboard } = steps();
    await resetVisit(all);
    expect(log.some((l) => l.startsWith('clipboard'))).toBe(false);
    await clipboard.write('x');
    await resetVisit(all);
    await resetVisit(all);
    expect(log.filter((l) => l.startsWith('clipboard'))).toEqual(['clipboard:"x"', 'clipboard:""']);
  });

  it('runs every step even when one fails, and reports the failures', async () => {
    const boom = new Error('worker gone');
    const { all, log } = steps({ forgetSearch: async () => { throw boom; }, clearConversation: async () => { throw new Error('db closed'); } });
    const failures = await resetVisit(all);
    expect(failures).toHaveLength(2);
    expect(failures).toContain(boom);
    expect(log).toEqual(expect.arrayContaining(['views', 'typed', 'engine']));
  });
});

