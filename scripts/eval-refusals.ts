/**
 * npm run eval:refusals [-- --corpus public/corpus] — what a refusal shows: over every line of
 * every question set (tests/eval/sets.json), the questions the engine turns away as off-topic, and among them how many
 * off-topic ones still list fiches and how many real ones (flagged by mistake) keep them, with
 * whether their right fiche is among those listed. The rule is src/rag/closestFiches.ts.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { closestFichesOnRefusal, CLOSE_ON_REFUSAL_BELOW } from '../src/rag/closestFiches';
import { CLOSEST_FICHES_ON_ABSTAIN } from '../src/settings/tunables';
import { parseQuestions } from '../src/search/evaluation/evaluate';
import { loadEngine } from '../src/search/node/loadEngine';
import { allSets } from './lib/setManifest';

const { values } = parseArgs({ options: { corpus: { type: 'string', default: 'public/corpus' } } });
const engine = loadEngine(values.corpus!);
const files = allSets();
const tally = { offLines: 0, realLines: 0, offRefused: 0, offListed: 0, realRefused: 0, realListed: 0, realGoldListed: 0, realGoldAny: 0 };
const flagged: string[] = [];
for (const file of files) {
  for (const q of parseQuestions(readFileSync(file, 'utf8'))) {
    const real = q.ids.length > 0;
    if (real) tally.realLines++;
    else tally.offLines++;
    // As the app asks: eight fiches, three passages each, the line's audience.
    const result = engine.search(q.question, { k: 8, passagesPerFiche: 3, audiences: [q.audience ?? 'particuliers'] });
    if (result.verdict !== 'off-topic') continue;
    const listed = closestFichesOnRefusal(result);
    if (!real) {
      tally.offRefused++;
      if (listed.length) tally.offListed++;
      continue;
    }
    tally.realRefused++;
    const gold = (hits: typeof listed) => hits.some((h) => q.ids.includes(h.fiche.id));
    if (listed.length) tally.realListed++;
    if (gold(listed)) tally.realGoldListed++;
    if (gold(result.hits.slice(0, CLOSEST_FICHES_ON_ABSTAIN))) tally.realGoldAny++;
    flagged.push(`  ${file}: P(off-topic) ${result.offTopic.toFixed(3)} ${listed.length ? 'listed' : 'none  '} ${gold(result.hits.slice(0, CLOSEST_FICHES_ON_ABSTAIN)) ? '(its fiche among the closest)' : '(its fiche not among the closest)'} — ${q.question}`);
  }
}
const pct = (a: number, b: number) => `${a}/${b} (${b ? ((100 * a) / b).toFixed(1) : '0'} %)`;
console.log(`Refusals over ${files.length} files (${tally.offLines} off-topic lines, ${tally.realLines} real ones); fiches listed when P(off-topic) < ${CLOSE_ON_REFUSAL_BELOW}:`);
console.log(`  off-topic questions refused: ${tally.offRefused}; still listing fiches: ${pct(tally.offListed, tally.offRefused)} (before: all of them)`);
console.log(`  real questions refused by mistake: ${tally.realRefused}; keeping their list: ${pct(tally.realListed, tally.realRefused)}; their right fiche listed: ${tally.realGoldListed} of the ${tally.realGoldAny} whose closest fiches held it`);
for (const line of flagged) console.log(line);
