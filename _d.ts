import { readFileSync } from 'node:fs';
import { evaluate, parseQuestions } from './src/search/evaluate';
import { loadEngine } from './src/search/node/loadEngine';
const engine = loadEngine();
const { rows } = evaluate(engine, parseQuestions(readFileSync('tests/eval/dev.jsonl', 'utf8')));
const ins = rows.filter(r => r.expected.length).map(r => r.confidence).sort((a,b)=>a-b);
const out = rows.filter(r => !r.expected.length).map(r => r.confidence).sort((a,b)=>a-b);
console.log('in ', ins.slice(0, 30).map(x=>x.toFixed(2)).join(' '));
console.log('out', out.map(x=>x.toFixed(2)).join(' '));
