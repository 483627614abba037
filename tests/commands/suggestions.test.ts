import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SHELL_TEAM } from '../../src/adapters/shell/shell.js';
import { keys } from '../../src/core/shared/keys.js';
import { member, type TestRig } from '../fakes/engine.js';
import { type ShellDriver, startShellRig, TYPED_SUGGESTION } from '../fakes/shell-driver.js';

/** Suggestions, typed in the terminal: a member suggests, an admin approves, edits or rejects; as they would. */
describe('quiz suggest and quiz-admin suggestions, in the shell', () => {
  let rig: TestRig;
  let shell: ShellDriver;

  beforeEach(async () => {
    ({ rig, shell } = await startShellRig({ pack: 'deep-learning' }));
  });
  afterEach(() => shell.stop());

  const suggestAs = async (name: string, fields: string[]) => {
    await shell.send(`as ${name}`);
    let out = await shell.send('quiz suggest');
    for (const field of fields) out = await shell.send(field);
    return out;
  };

  it('a member suggests, an admin approves: the question goes into the pack suggestions and the member is told', async () => {
    const sent = await suggestAs('ann', TYPED_SUGGESTION);
    expect(sent).toContain('Thanks: your question went to the quiz admins');
    await shell.send('as boss admin');
    await shell.send('quiz-admin setup');
    const list = await shell.send('quiz-admin suggestions');
    expect(list).toContain('Suggested questions (1 waiting)');
    expect(list).toContain('Topic: Our stack · ✅ The batch queue · ✗ The interactive queue · ✗ The GPU debug queue');
    expect(list).toContain('Suggested by @ann');
    // The admin approves it at the difficulty it has for the team.
    expect(list).toContain('[Approve 1 easy] [Approve 1 medium] [Approve 1 hard] [Edit 1] [Reject 1]');
    const approved = await shell.send('Approve 1 hard');
    expect(approved).toContain('✅ Approved (hard): Which queue carries our nightly evaluation jobs?');
    // No daily draws from the pack yet: the admin is told how to make one.
    expect(approved).toContain("dailies draw from it once a channel's pack names it (setup pack=deep-learning,suggestions)");
    expect(approved).toContain('No suggestions are waiting');
    // The member hears it privately, with where it comes up.
    expect(shell.transcript).toMatch(/a private message to ann[\s\S]*Your suggested question was approved[\s\S]*\(hard\)/);
    expect(shell.transcript).toContain('it comes up in practice on its topic (quiz start our-stack)');
    // Practice on its topic has it at once, whatever the daily draws from.
    expect(await shell.send('quiz start our-stack 1')).toContain('Which queue carries our nightly evaluation jobs?');
    const pack = await rig.engine.packs.get(SHELL_TEAM, 'suggestions');
    expect(pack).toMatchObject({ source: 'suggestions', topics: { 'our-stack': 'Our stack' } });
    expect(pack!.questions).toEqual([
      expect.objectContaining({
        id: expect.stringMatching(/^which-queue-carries-our-nightly-[a-z0-9]{6}$/),
        topic: 'our-stack',
        difficulty: 3,
        answer: 'The batch queue',
        distractors: ['The interactive queue', 'The GPU debug queue', 'The CPU-only queue'],
      }),
    ]);
    // It is a question like any other: a daily of hard questions can draw from it, and the topic is offered.
    await shell.send('quiz-admin setup pack=suggestions difficulty=hard');
    expect(await shell.send('quiz-admin post')).toContain('Which queue carries our nightly evaluation jobs?');
    expect(await shell.send('quiz start our-stack 1')).toContain('Which queue carries our nightly evaluation jobs?');
    expect(await rig.store.keys(keys.suggestionPrefix(SHELL_TEAM))).toEqual([]);
  });

  it('an admin edits, then approves (the same id, the chosen difficulty), or rejects with a reason the member reads', async () => {
    await suggestAs('ann', TYPED_SUGGESTION);
    rig.clock.advance(1000);
    await suggestAs('cai', [
      'rnn',
      'Which gate of an LSTM decides what to drop from the cell state?',
      'The forget gate',
      'The input gate\\nThe output gate\\nThe update gate',
      'The forget gate scales the old cell state by a number between 0 and 1. The input gate adds new content instead.',
    ]);
    await shell.send('as boss admin');
    const list = await shell.send('quiz-admin suggestions');
    expect(list).toContain('Suggested questions (2 waiting)');
    const id = (await rig.engine.suggestions.pending(SHELL_TEAM))[0]!.question.id;
    // Edit 1: every field is offered with its text ("=" keeps it); the answer is changed.
    const form = await shell.send('Edit 1');
    expect(form).toContain('Topic (the team’s, or a new one) [now: Our stack');
    await shell.send('=');
    await shell.send('=');
    await shell.send('The batch queue, overnight');
    await shell.send('=');
    const edited = await shell.send('=');
    // Edited, not yet approved: it waits, as edited, and no one was told anything.
    expect(edited).toContain('✏️ Edited, still waiting: Which queue carries');
    expect(edited).toContain('Suggested questions (2 waiting)');
    expect(edited).toContain('✅ The batch queue, overnight');
    expect(await rig.engine.packs.get(SHELL_TEAM, 'suggestions')).toBeUndefined();
    expect(shell.transcript).not.toMatch(/a private message to ann/);
    const approved = await shell.send('Approve 1 easy');
    expect(approved).toContain('✅ Approved (easy): Which queue carries');
    const stored = (await rig.engine.packs.get(SHELL_TEAM, 'suggestions'))!.questions;
    expect(stored.map((q) => [q.id, q.answer, q.difficulty])).toEqual([[id, 'The batch queue, overnight', 1]]);
    // The second is cai's, on a built-in topic (by its slug): rejected with a reason.
    expect(approved).toContain('Which gate of an LSTM decides what to drop');
    expect((await rig.engine.suggestions.pending(SHELL_TEAM))[0]!.question.topic).toBe('rnn');
    await shell.send('Reject 1');
    const rejected = await shell.send('It is already in the built-in bank.');
    expect(rejected).toContain('Rejected: Which gate of an LSTM');
    expect(shell.transcript).toMatch(
      /a private message to cai[\s\S]*was not added[\s\S]*The quiz admins said: It is already in the built-in bank\./,
    );
    expect((await rig.engine.packs.get(SHELL_TEAM, 'suggestions'))!.questions).toHaveLength(1);
    // A decided suggestion's buttons are stale.
    expect(await shell.send('Approve 1 medium')).toMatch(/already approved or rejected|No suggestions|not a button/i);
  });

  it('an Approve button on a list posted before admins chose a difficulty still approves, at medium', async () => {
    await suggestAs('ann', TYPED_SUGGESTION);
    const [waiting] = await rig.engine.suggestions.pending(SHELL_TEAM);
    // The id the previous version put on "Approve 1" (suggest:approve:<id>), clicked by an admin after the upgrade.
    const boss = member('boss', { team: SHELL_TEAM, admin: true });
    const reply = await rig.dispatcher.handle({ kind: 'action', member: boss, channelId: 'c', actionId: `suggest:approve:${waiting!.id}` });
    expect(JSON.stringify(reply.message)).toContain('✅ Approved (medium): ');
    expect((await rig.engine.packs.get(SHELL_TEAM, 'suggestions'))!.questions.map((q) => q.difficulty)).toEqual([2]);
    // A forged difficulty is refused like any malformed id.
    const forged = await rig.dispatcher.handle({
      kind: 'action',
      member: boss,
      channelId: 'c',
      actionId: `suggest:approve-as:${waiting!.id}:4`,
    });
    expect(JSON.stringify(forged.message)).toContain("That button isn't one Backprop knows");
    expect((await rig.engine.packs.get(SHELL_TEAM, 'suggestions'))!.questions).toHaveLength(1);
  });

  it('one decision per suggestion: two admins at once leave one approval and one message; two suggestions at once both land', async () => {
    await suggestAs('ann', TYPED_SUGGESTION);
    rig.clock.advance(1000);
    await suggestAs('cai', [TYPED_SUGGESTION[0]!, 'Which queue carries our weekly evaluation jobs?', ...TYPED_SUGGESTION.slice(2)]);
    const [first, second] = await rig.engine.suggestions.pending(SHELL_TEAM);
    const [boss, lead] = [member('boss', { team: SHELL_TEAM, admin: true }), member('lead', { team: SHELL_TEAM, admin: true })];
    // Easy and hard on the same suggestion at the same moment: one wins, the other is told it was decided.
    const both = await Promise.allSettled([
      rig.engine.suggestions.approve(boss, first!.id, 1),
      rig.engine.suggestions.approve(lead, first!.id, 3),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(String((both.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)).toContain('already approved or rejected');
    expect(shell.transcript.match(/a private message to ann/g)).toHaveLength(1);
    // An edit that arrives after the decision brings nothing back.
    await expect(rig.engine.suggestions.revise(lead, first!.id, { question: first!.question, topicName: 'x' })).rejects.toThrow(
      /already approved or rejected/,
    );
    expect((await rig.engine.suggestions.pending(SHELL_TEAM)).map((s) => s.id)).toEqual([second!.id]);
    expect((await rig.engine.packs.get(SHELL_TEAM, 'suggestions'))!.questions).toHaveLength(1);

    // Another suggestion approved while a third is: both are in the pack (each write starts from the stored pack).
    await suggestAs('dee', [TYPED_SUGGESTION[0]!, 'Which queue carries our hourly evaluation jobs?', ...TYPED_SUGGESTION.slice(2)]);
    const third = (await rig.engine.suggestions.pending(SHELL_TEAM)).find((s) => s.suggestedBy === 'dee')!;
    await Promise.all([rig.engine.suggestions.approve(boss, second!.id, 2), rig.engine.suggestions.approve(lead, third.id, 3)]);
    const pack = (await rig.engine.packs.get(SHELL_TEAM, 'suggestions'))!;
    expect(pack.questions.map((q) => q.prompt).sort()).toEqual(
      [first!.question.prompt, third.question.prompt, second!.question.prompt].sort(),
    );
    expect(pack.retired).toEqual([]);
  });

  it('a decision cut short by a crash: the claim lapses and the suggestion is decided again; a reject then finds it approved', async () => {
    await suggestAs('ann', TYPED_SUGGESTION);
    const [waiting] = await rig.engine.suggestions.pending(SHELL_TEAM);
    const boss = member('boss', { team: SHELL_TEAM, admin: true });
    const edit = { question: { ...waiting!.question, answer: 'The batch queue, overnight' }, topicName: waiting!.topicName };
    // Another process took the decision and died: an edit and another decision are refused while its claim lives.
    await rig.store.claim(keys.suggestionDecision(SHELL_TEAM, waiting!.id), '1', 10 * 60_000);
    await expect(rig.engine.suggestions.revise(boss, waiting!.id, edit)).rejects.toThrow(/already approved or rejected/);
    await expect(rig.engine.suggestions.approve(boss, waiting!.id, 3)).rejects.toThrow(/already approved or rejected/);
    expect((await rig.engine.suggestions.pending(SHELL_TEAM))[0]!.question.answer).toBe('The batch queue');
    // Ten minutes on it lapses: the suggestion can be approved. Say that approval too stops after writing the pack:
    rig.clock.advance(10 * 60_000);
    await rig.engine.suggestions.approve(boss, waiting!.id, 3);
    await rig.store.set(keys.suggestion(SHELL_TEAM, waiting!.id), waiting);
    rig.clock.advance(10 * 60_000);
    // A reject then finds the question in the pack: it says so, the suggestion goes, the member hears no "not added".
    await expect(rig.engine.suggestions.reject(boss, waiting!.id, 'no')).rejects.toThrow(/already approved\./);
    expect(await rig.engine.suggestions.pending(SHELL_TEAM)).toEqual([]);
    expect((await rig.engine.packs.get(SHELL_TEAM, 'suggestions'))!.questions.map((q) => q.difficulty)).toEqual([3]);
    expect(shell.transcript).not.toMatch(/was not added/);
  });

  it('a suggestion that breaks a rule is refused with the field named, and nothing is stored', async () => {
    // Four wrong answers, in one line ("\\n" stands for a line break there).
    const four = await suggestAs('ann', [...TYPED_SUGGESTION.slice(0, 3), 'One\\nTwo\\nThree\\nFour', TYPED_SUGGESTION.at(-1)!]);
    expect(four).toContain('field distractors');
    expect(four).toContain('Nothing was sent');
    const short = await suggestAs('ann', [...TYPED_SUGGESTION.slice(0, -1), 'Too short.']);
    expect(short).toContain('field explanation');
    // Held to the upload rules too: the suggestions pack is exported and uploaded again like any other.
    const above = await suggestAs('ann', [...TYPED_SUGGESTION.slice(0, 2), 'All of the above', ...TYPED_SUGGESTION.slice(3)]);
    expect(above).toContain('"All of the above" refers to other options, but options are shuffled');
    const noTopic = await suggestAs('ann', ['!!!', ...TYPED_SUGGESTION.slice(1)]);
    expect(noTopic).toContain('topic: give the question a topic');
    expect(await rig.store.keys(keys.suggestionPrefix(SHELL_TEAM))).toEqual([]);
  });

  it('a member may send five a day; forget-me deletes their waiting suggestions', async () => {
    for (let i = 1; i <= 5; i++) {
      const out = await suggestAs('ann', [TYPED_SUGGESTION[0]!, `${TYPED_SUGGESTION[1]!} (variant ${i})`, ...TYPED_SUGGESTION.slice(2)]);
      expect(out).toContain('Thanks');
    }
    expect(await suggestAs('ann', TYPED_SUGGESTION)).toContain('That is 5 suggestions today already');
    await suggestAs('cai', TYPED_SUGGESTION);
    expect(await rig.store.keys(keys.suggestionPrefix(SHELL_TEAM))).toHaveLength(6);
    await shell.send('as ann');
    await shell.send('quiz forget-me');
    await shell.send('Yes, forget me');
    const left = await rig.engine.suggestions.pending(SHELL_TEAM);
    expect(left.map((s) => s.suggestedBy)).toEqual(['cai']);
  });

  it('a command typed while the form waits leaves the form unsent and runs', async () => {
    await shell.send('as ann');
    await shell.send('quiz suggest');
    await shell.send('Our stack');
    const out = await shell.send('quiz streak');
    expect(out).toContain('(The form was left unsent.)');
    expect(out).toMatch(/streak/i);
    expect(await rig.store.keys(keys.suggestionPrefix(SHELL_TEAM))).toEqual([]);
  });
});
