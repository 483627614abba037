import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBank } from '../../src/bank/load.js';
import { canonicalOptions } from '../../src/core/bank/bank.js';
import { REAL_PACKS } from '../fakes/engine.js';
import { cleanEnv, REPO_ROOT, ShellProcess } from '../fakes/shell-process.js';

const bank = loadBank(REAL_PACKS);

/** Reads the question shown in an output block and returns the letter of its right and of a wrong option. */
function letters(output: string): { right: string; wrong: string } {
  const options = [...output.matchAll(/^│ ([A-D])\) (.+)$/gm)].map((m) => ({ letter: m[1]!, text: m[2]! }));
  expect(options).toHaveLength(4);
  const question = bank.pack('deep-learning')!.questions.find((q) => options.every((o) => canonicalOptions(q).includes(o.text)));
  expect(question, `question for options ${JSON.stringify(options)}`).toBeDefined();
  const right = options.find((o) => o.text === question!.answer)!.letter;
  return { right, wrong: options.find((o) => o.letter !== right)!.letter };
}

describe('npm start in the local shell (end to end, real process, SQLite in a temp dir)', () => {
  const running: ShellProcess[] = [];
  const start = (storeUrl: string) => {
    const p = new ShellProcess({ STORE_URL: storeUrl, DEFAULT_TIMEZONE: 'UTC' });
    running.push(p);
    return p;
  };
  afterEach(() => {
    for (const p of running.splice(0)) p.kill();
  });

  it('plays a whole session, and a second run on the same file still has the streaks and the leaderboard', async () => {
    const storeUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), 'bp-e2e-')), 'backprop.sqlite')}`;
    const shell = start(storeUrl);
    await shell.ready();

    // A zone where it is about midday now, whose daily is due at 23:59: the scheduler stays out of this session, and
    // the admin posts today's daily by hand (an admin's post on a day without a daily would count for no streak).
    const ahead = 12 - DateTime.utc().hour; // hours east of UTC; Etc/GMT names the offset with the opposite sign
    const zone = ahead === 0 ? 'Etc/GMT' : `Etc/GMT${ahead > 0 ? '-' : '+'}${Math.abs(ahead)}`;
    const today = DateTime.now().setZone(zone).toFormat('ccc').toLowerCase();
    expect(await shell.send(`quiz-admin setup 23:59 timezone=${zone} weekdays=${today}`)).toContain('Saved');

    // A practice quiz: one right, one wrong, then the summary.
    const q1 = await shell.send('quiz start cnn 2');
    expect(q1).toContain('Practice · question 1 of 2');
    expect(await shell.send(letters(q1).right)).toContain('✅ Right! +1 point');
    const q2 = await shell.send('next');
    expect(q2).toContain('question 2 of 2');
    expect(await shell.send(letters(q2).wrong)).toContain('❌ Not quite');
    expect(await shell.send('finish')).toContain('Practice finished: 1 of 2 right');

    // The daily: posted, answered by two members (one tries twice), closed with the reveal.
    const posted = await shell.send('quiz-admin post');
    expect(posted).toContain('#general (everyone sees this)');
    expect(posted).toContain('Daily question posted');
    const daily = letters(posted);
    await shell.send('as alice');
    const alice = await shell.send(daily.right);
    expect(alice).toContain('✅ Right! +10 points');
    expect(alice).toContain('Streak: 1 day');
    await shell.send('as bob');
    expect(await shell.send(daily.wrong)).toContain(`❌ Not quite: you picked ${daily.wrong}`);
    expect(await shell.send(daily.right)).toContain('You already answered this daily question');
    expect(await shell.send('quiz-admin close')).toContain('Only quiz admins can do that');
    await shell.send('as you admin');
    const closed = await shell.send('quiz-admin close');
    expect(closed).toContain('(edited)');
    expect(closed).toContain('2 answered · 50% right');
    expect(closed).toContain(`${daily.right} 1 (50%)`);

    // In the daily channel the default board is the channel's (its dailies); the team's has practice points too.
    const channelBoard = await shell.send('quiz leaderboard');
    expect(channelBoard).toContain('#general’s dailies and rounds');
    expect(channelBoard).toMatch(/1\. alice · 10/);
    expect(channelBoard).not.toMatch(/you · 1/);
    const board = await shell.send('quiz leaderboard week team');
    expect(board).toMatch(/1\. alice · 10/);
    expect(board).toMatch(/2\. you · 1 \(you\)/);
    await shell.send('as alice');
    const stats = await shell.send('quiz stats');
    expect(stats).toContain('Answered 1 · 100% right');
    expect(stats).toContain('Streak: 1 day');
    expect(await shell.exit()).toBe(0);

    const again = start(storeUrl);
    await again.ready();
    expect(await again.send('quiz streak alice')).toContain('Streak: 1 day');
    expect(await again.send('quiz leaderboard all team')).toMatch(/1\. alice · 10[\s\S]*2\. you · 1/);
    expect(await again.exit()).toBe(0);
  });

  it('interview mode: a question without options, a typed answer checked against the key points, a rating, a summary', async () => {
    const shell = start('memory://');
    await shell.ready();
    const question = await shell.send('quiz interview transformers 1');
    expect(question).toContain('🎤 Interview · question 1 of 1 · Attention and transformers');
    expect(question).not.toMatch(/^│ A\) /m);
    const prompt = question.match(/^│ \*{0,2}(.+\?)\*{0,2}$/m)?.[1];
    const asked = bank.pack('deep-learning')!.questions.find((q) => q.topic === 'transformers' && prompt?.includes(q.prompt));
    expect(asked, `the question shown: ${prompt}`).toBeDefined();
    expect(await shell.send('Type my answer')).toContain('Only you see what you type');
    // The model answer itself, typed: it mentions every key point (the bank test holds every question to that).
    const shown = await shell.send(`${asked!.answer}. ${asked!.explanation}`);
    const points = asked!.keyPoints!;
    expect(shown).toContain(`your answer mentions ${points.length} of ${points.length}`);
    for (const p of points) expect(shown).toContain(`✅ ${p.point}`);
    const summary = await shell.send('Easy');
    expect(summary).toContain('Interview finished: 1 question');
    expect(summary).toContain('Your ratings: Easy 1');
    expect(summary).toContain('mentioned every key point');
    expect(await shell.exit()).toBe(0);
  });

  it('stops gracefully when npm start is sent SIGTERM or SIGINT (npm passes it on to the bot)', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const shell = new ShellProcess({ STORE_URL: 'memory://', LOG_LEVEL: 'info' });
      running.push(shell);
      await shell.ready();
      shell.signal(signal);
      expect(await shell.exited, `${signal}: ${shell.stderr}`).toBe(0);
      expect(shell.stderr).toContain(`"reason":"${signal}"`);
    }
  });

  it('runs a piped script to its end and exits 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-e2e-'));
    const out = execFileSync('npm', ['start', '--silent'], {
      cwd: REPO_ROOT,
      env: cleanEnv({ STORE_URL: `sqlite://${join(dir, 'b.sqlite')}` }),
      input: 'quiz help\nquiz start rnn 1\nquiz stats\n',
      encoding: 'utf8',
    });
    expect(out).toContain('quiz start [topic] [count] [difficulty]');
    expect(out).toContain('Practice · question 1 of 1');
    expect(out).toContain('No answers yet');
  });

  it('stops at start-up with a clear error for a bad variable', () => {
    let stderr = '';
    try {
      execFileSync('npm', ['start', '--silent'], {
        cwd: REPO_ROOT,
        env: cleanEnv({ DEFAULT_TIMEZONE: 'Nowhere/City' }),
        input: '',
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      stderr = String((error as { stderr: string }).stderr);
    }
    expect(stderr).toContain('DEFAULT_TIMEZONE: must be an IANA timezone');
  });
});
