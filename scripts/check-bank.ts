/**
 * npm run check-bank [-- topic …]: everything the bank test checks about the question bank, question by question,
 * for authors while they write (the test stops at the first failing assertion; this lists every problem).
 * Exits 1 when anything is wrong.
 */
import { join } from 'node:path';
import {
  answerLengthProblems,
  difficultySpread,
  keyPointProblems,
  longestWins,
  MAX_LONGEST_WINS,
  nearDuplicates,
  selfReferenceProblems,
} from '../src/bank/guards.js';
import { BankError, loadBank } from '../src/bank/load.js';
import type { Bank } from '../src/core/bank/bank.js';

const dir = process.env.PACKS_DIR ?? join(import.meta.dirname, '../data/packs');
const only = new Set(process.argv.slice(2));
let bank: Bank;
try {
  bank = loadBank(dir);
} catch (error) {
  if (!(error instanceof BankError)) throw error;
  console.error(`✗ ${error.message}`);
  process.exit(1);
}
const all = bank.packIds().flatMap((id) => bank.pack(id)!.questions);
const mine = only.size ? all.filter((q) => only.has(q.topic)) : all;
const ids = new Set(mine.map((q) => q.id));
const problems = [...answerLengthProblems(mine), ...selfReferenceProblems(mine), ...keyPointProblems(mine)];
for (const pair of nearDuplicates(all)) {
  if (ids.has(pair.a) || ids.has(pair.b))
    problems.push({ id: pair.a, problem: `its prompt nearly repeats ${pair.b}'s (similarity ${pair.similarity.toFixed(2)})` });
}
const spread = difficultySpread(mine);
console.log('topic                      easy medium hard  total  key points  longest wins');
for (const [topic, [e, m, h]] of Object.entries(spread).sort()) {
  const questions = mine.filter((q) => q.topic === topic);
  const withPoints = questions.filter((q) => q.keyPoints).length;
  console.log(
    `${topic.padEnd(26)} ${String(e).padStart(4)} ${String(m).padStart(6)} ${String(h).padStart(4)} ${String(e + m + h).padStart(6)} ${String(withPoints).padStart(11)}  ${(100 * longestWins(questions)).toFixed(0).padStart(11)}%`,
  );
  if (e === 0 || m === 0 || h === 0) problems.push({ id: `topic ${topic}`, problem: 'needs questions at all three difficulties' });
}
const share = longestWins(mine);
console.log(
  `${mine.length} questions; ${mine.filter((q) => q.keyPoints).length} with key points; the right answer is the longest option in ${(100 * share).toFixed(1)}%`,
);
if (share > MAX_LONGEST_WINS)
  problems.push({ id: 'all', problem: `"pick the longest" wins in ${(100 * share).toFixed(1)}% (at most ${100 * MAX_LONGEST_WINS}%)` });
for (const p of problems) console.log(`✗ ${p.id}: ${p.problem}`);
console.log(problems.length ? `${problems.length} problems` : '✓ no problems');
process.exit(problems.length ? 1 : 0);
