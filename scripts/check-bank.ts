/**
 * npm run check-bank [-- topic …]: everything the bank test checks about the question bank, question by question,
 * for authors while they write (the test stops at the first failing assertion; this lists every problem).
 * Exits 1 when anything is wrong, 2 when it was run wrong (an option it does not have, a topic no pack has).
 */
import { join } from 'node:path';
import {
  answerLengthProblems,
  difficultySpread,
  keyPointProblems,
  longestWins,
  MAX_LONGEST_WINS,
  nearDuplicates,
  ownWordingProblems,
  selfReferenceProblems,
  uploadRuleProblem,
  wrongCoverageProblems,
} from '../src/bank/guards.js';
import { BankError, checkBank } from '../src/bank/load.js';
import type { Bank } from '../src/core/bank/bank.js';

const USAGE = 'usage: npm run check-bank [-- topic …]   (every topic when none is named; PACKS_DIR picks the packs)';

/** Stops with a mistake in how the command was run (exit 2): a typo in CI must not pass as "no problems". */
function usageError(message: string): never {
  console.error(`check-bank: ${message}\n${USAGE}`);
  process.exit(2);
}

const topics = process.argv.slice(2);
if (topics.some((a) => a === '-h' || a === '--help')) {
  console.log(USAGE);
  process.exit(0);
}
const option = topics.find((a) => a.startsWith('-'));
if (option !== undefined) usageError(`unknown option ${option}: the only arguments are topics`);
const dir = process.env.PACKS_DIR ?? join(import.meta.dirname, '../data/packs');
let bank: Bank;
let loadProblems: string[];
try {
  // Every problem of every pack file (as an upload lists them), not only the first that would stop start-up.
  ({ bank, problems: loadProblems } = checkBank(dir));
} catch (error) {
  if (!(error instanceof BankError)) throw error;
  console.error(`✗ ${error.message}`);
  process.exit(1);
}
const known = bank.allTopics();
const unknown = topics.filter((t) => !Object.hasOwn(known, t));
if (unknown.length > 0) {
  // The pack that defines the topic may be the one that is broken: its problems first, then the refusal.
  for (const p of loadProblems) console.error(`✗ ${p}`);
  usageError(`no topic ${unknown.map((t) => JSON.stringify(t)).join(', ')} in ${dir} (topics: ${Object.keys(known).sort().join(', ')})`);
}
const only = new Set(topics);
const all = bank.packIds().flatMap((id) => bank.pack(id)!.questions);
const mine = only.size ? all.filter((q) => only.has(q.topic)) : all;
const ids = new Set(mine.map((q) => q.id));
const problems = [
  ...answerLengthProblems(mine),
  ...selfReferenceProblems(mine),
  ...keyPointProblems(mine),
  ...ownWordingProblems(mine),
  ...wrongCoverageProblems(mine),
];
// The rules uploads are refused for: a letter as the answer is the one the stricter lists above do not name.
for (const q of mine) {
  const rule = uploadRuleProblem(q);
  if (rule && !problems.some((p) => p.id === q.id)) problems.push({ id: q.id, problem: `field ${rule.path.join('.')}: ${rule.problem}` });
}
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
// A file's problems (each names its file and line) are listed whatever the topics: its topic may be what is broken.
for (const p of loadProblems) console.log(`✗ ${p}`);
for (const p of problems) console.log(`✗ ${p.id}: ${p.problem}`);
const count = loadProblems.length + problems.length;
console.log(count ? `${count} problems` : '✓ no problems');
process.exit(count ? 1 : 0);
