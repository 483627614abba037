import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SHELL_TEAM } from '../../../src/adapters/shell/shell.js';
import { teamPrefix } from '../../../src/core/shared/keys.js';
import { configure, onlyChannel, rightLetter, type TestRig } from '../../fakes/engine.js';
import { type ShellDriver, startShellRig } from '../../fakes/shell-driver.js';

/** Team administration and privacy, typed in the terminal (the shell adapter, in-process). */
describe('administration and privacy in the shell', () => {
  let rig: TestRig;
  let shell: ShellDriver;
  beforeEach(async () => {
    ({ rig, shell } = await startShellRig());
  });
  afterEach(() => shell.stop());

  const lastButtonMessage = (out: string) => /#(\d+) [^\n]*\n(?:│[^\n]*\n)*│ \[Yes/.exec(out)?.[1];

  it('a channel is named as the terminal shows it: "quiz-admin pause #berlin" from #general', async () => {
    await shell.send('in #berlin');
    await shell.send('quiz-admin setup');
    await shell.send('in #general');
    expect(await shell.send('quiz-admin pause #Berlin')).toContain('No daily in #berlin until quiz-admin resume there.');
    expect((await rig.engine.channels.get(SHELL_TEAM, 'berlin'))?.paused).toBe(true);
  });

  it('pause and resume say when nothing changed; quiz daily says a channel is paused, or when it really posts next', async () => {
    rig.clock.set('2026-03-03T12:00:00Z'); // a Tuesday, past the daily's time
    await configure(rig, SHELL_TEAM, { channelId: 'general', time: '08:00', timezone: 'UTC', weekdays: [1] });
    expect(await shell.send('quiz daily')).toContain('The next one comes in #general: Mon 9 Mar, 08:00 (UTC).');
    expect(await shell.send('quiz-admin pause')).toContain('⏸️ Daily question paused.');
    expect(await shell.send('quiz-admin pause')).toContain('⏸️ The daily question was paused already.');
    expect(await shell.send('quiz daily')).toContain('The daily question in #general is paused until an admin resumes it.');
    expect(await shell.send('quiz-admin resume')).toContain('▶️ Daily question resumed.');
    expect(await shell.send('quiz-admin resume')).toContain('▶️ The daily question was running already.');
    // Tuesday, not one of its weekdays: an admin's post says it counts for no streak.
    expect(await shell.send('quiz-admin post')).toContain('Today has no scheduled daily here, so this one counts for no streak');
    const second = await shell.send('quiz-admin post'); // a second one that day: off-day too, not "an extra daily"
    expect(second).toContain('counts for no streak');
    expect(second).not.toContain('an extra daily');
  });

  it('a time typed with one hour digit is stored as 09:05, and the settings stay readable', async () => {
    expect(await shell.send('quiz-admin setup 9:05 europe/berlin')).toContain('Saved');
    expect((await rig.engine.channels.get(SHELL_TEAM, 'general'))?.time).toBe('09:05');
    expect(await shell.send('quiz-admin show')).toContain('📅 #general · 09:05 (Europe/Berlin)');
    expect(rig.log.at('error')).toEqual([]);
  });

  it('removing the first daily channel moves the leaderboard weeks to the next one’s timezone', async () => {
    await configure(rig, SHELL_TEAM, { channelId: 'tokyo', time: '08:00', timezone: 'Asia/Tokyo' });
    rig.clock.advance(60_000);
    await configure(rig, SHELL_TEAM, { channelId: 'general', time: '09:00', timezone: 'America/New_York' });
    expect((await rig.engine.teams.config(SHELL_TEAM)).timezone).toBe('Asia/Tokyo');
    await shell.send('quiz-admin remove-daily #tokyo');
    expect(await shell.send('yes')).toContain('Daily question removed');
    expect((await rig.engine.teams.config(SHELL_TEAM)).timezone).toBe('America/New_York');
    expect(await shell.send('quiz-admin show')).toContain('America/New_York (the first daily channel');
  });

  it('first contact explains setup once; practice works before setup; setup confirms in the channel', async () => {
    const first = await shell.send('quiz start alpha 1');
    expect(first).toContain('Practice · question 1 of 1');
    expect(first).toContain('The daily question is not set up here yet');
    expect(await shell.send('quiz help')).not.toContain('not set up here yet');
    const setup = await shell.send('quiz-admin setup time=07:30 timezone=Asia/Kolkata pack=mini topics=alpha difficulty=easy-medium');
    expect(setup).toContain('✅ Backprop is set up here'); // the confirmation post, in the channel
    expect(setup).toContain('Saved.');
    const show = await shell.send('quiz-admin show');
    expect(show).toContain('📅 #general · 07:30 (Asia/Kolkata), every day · running');
    expect(show).toContain('Pack: Mini (mini) · topics: alpha · difficulty: easy to medium');
    await shell.send('quiz-admin setup role=@devs');
    expect(await shell.send('quiz-admin show')).toContain('Admin role: @devs (role)');
  });

  it('"in #name" switches the channel typed in, so several daily channels can be tried locally', async () => {
    expect(await shell.send('whoami')).toContain('in #general');
    expect(await shell.send('quiz-admin setup 09:00 UTC')).toContain('Saved');
    expect(await shell.send('in #Berlin')).toContain('Now typing in #berlin');
    expect(await shell.send('whoami')).toContain('in #berlin');
    expect(await shell.send('quiz-admin setup 08:00 Europe/Berlin')).toContain('Saved');
    const posted = await shell.send('quiz-admin post');
    expect(posted).toContain('#berlin (everyone sees this)');
    expect(posted).toContain('Posted to #berlin');
    expect(posted).toContain('It is today’s daily, so the schedule posts none later today.');
    await shell.send('quiz-admin pause');
    expect(await shell.send('quiz-admin post')).toContain(
      'The channel stays paused: the schedule posts nothing there until quiz-admin resume.',
    );
    const show = await shell.send('quiz-admin show');
    expect(show).toContain('📅 #general · 09:00 (UTC)');
    expect(show).toContain('📅 #berlin · 08:00 (Europe/Berlin)');
    expect((await rig.engine.channels.active(SHELL_TEAM)).map((c) => c.channelId).sort()).toEqual(['berlin', 'general']);
    expect(await shell.send('in #no spaces')).toContain('Usage: in #<channel>');
    expect(await shell.send('in #émoji')).toContain('Usage: in #<channel>');
    expect(await shell.send('whoami')).toContain('in #berlin');
  });

  it('privacy hide and show; forget-me after a confirmation', async () => {
    await shell.send('quiz-admin setup');
    await shell.send('quiz-admin post');
    const { daily } = (await rig.engine.dailies.open(SHELL_TEAM, await onlyChannel(rig.engine, SHELL_TEAM)))!;
    await shell.send('as ann');
    await shell.send(rightLetter(daily.order));
    expect(await shell.send('quiz privacy hide')).toContain('You are off the leaderboards');
    expect(await shell.send('quiz leaderboard')).not.toContain('ann ·');
    const own = await shell.send('quiz stats');
    expect(own).toContain('Answered 1');
    expect(own).toContain('All-time points: 10 (off the leaderboards)');
    await shell.send('as bob');
    for (const look of ['quiz stats ann', 'quiz streak ann'])
      expect(await shell.send(look), look).toContain('That member keeps their figures to themselves (quiz privacy hide).');
    await shell.send('as ann');
    expect(await shell.send('quiz privacy show')).toContain('back on the leaderboards');
    expect(await shell.send('quiz leaderboard')).toMatch(/1\. ann · 10 \(you\)/);
    const ask = await shell.send('quiz forget-me');
    expect(ask).toContain('Delete everything Backprop holds about you');
    expect(ask).not.toContain('no longer be a quiz admin');
    // A member an admin added is told that forgetting them takes them off the admins too.
    await shell.send('as you');
    await shell.send('quiz-admin setup add-admin=lead');
    await shell.send('as lead');
    expect(await shell.send('quiz forget-me')).toContain('You will no longer be a quiz admin added with setup add-admin.');
    await shell.send('as ann');
    const done = await shell.send(`#${lastButtonMessage(ask)} Yes, forget me`);
    expect(done).toContain('Forgotten.');
    expect((await rig.store.keys(teamPrefix(SHELL_TEAM))).filter((k) => k.includes(':ann'))).toEqual([]);
    expect(await shell.send('quiz leaderboard')).toContain('Nobody has scored');
  });

  it('a button can be named by the first words of its label when that names one; the shell’s owner stays an admin', async () => {
    await shell.send('as ann');
    expect(await shell.send('quiz-admin show')).toContain('Only quiz admins');
    expect(await shell.send('as you')).toContain('Now typing as you (admin).');
    expect(await shell.send('quiz-admin show')).toContain('Daily question settings');
    await shell.send('as ann');
    await shell.send('quiz start beta 1');
    await shell.send('A');
    expect(await shell.send('quiz forget-me')).toContain('[Yes, forget me] [Cancel]');
    expect(await shell.send('y')).toContain('Unknown command'); // not the first word: no click
    expect(await shell.send('yes')).toContain('Forgotten.');
  });

  it('report a problem after an answer: a prompt for the text; admins list and close reports', async () => {
    expect(await shell.send('quiz start beta 1')).toContain('Practice · question 1 of 1');
    const answered = await shell.send('A');
    expect(answered).toContain('[Report a problem]');
    const prompt = await shell.send('Report a problem');
    expect(prompt).toContain('Describe what is wrong with this question');
    expect(await shell.send('The right answer is missing a qualifier.')).toContain('Thanks for the report');
    const reports = await shell.send('quiz-admin reports');
    expect(reports).toContain('The right answer is missing a qualifier.');
    expect(reports).toMatch(/\[Close beta-(one|two)\]/);
    const questionId = /\[Close (beta-\w+)\]/.exec(reports)![1];
    expect(await shell.send(`Close ${questionId}`)).toContain('Closed 1 report');
    expect(await shell.send('quiz-admin reports')).toContain('No open reports.');
  });

  it('first words that fit several buttons of the newest message ask for more, and never click an older message', async () => {
    await shell.send('quiz start beta 2');
    await shell.send('A');
    await shell.send('Report a problem');
    await shell.send('First report.');
    expect(await shell.send('quiz-admin reports')).toMatch(/\[Close beta-\w+\]/); // an older message with one Close
    await shell.send('Next');
    await shell.send('A');
    await shell.send('Report a problem');
    await shell.send('Second report.');
    expect((await shell.send('quiz-admin reports')).match(/\[Close beta-\w+\]/g)).toHaveLength(2);
    expect(await shell.send('close')).toMatch(/"close" could be "Close beta-\w+" or "Close beta-\w+": type more of the label\./);
    const still = await shell.send('quiz-admin reports');
    expect(still).toContain('First report.');
    expect(still).toContain('Second report.');
  });

  it('purge deletes the team’s data after a confirmation; cancel deletes nothing', async () => {
    await shell.send('quiz-admin setup');
    const ask = await shell.send('quiz-admin purge');
    expect(ask).toContain('reports, suggestions and the team’s uploaded packs: all deleted at once');
    expect(await shell.send(`#${lastButtonMessage(ask)} Cancel`)).toContain('Nothing was deleted');
    expect(await rig.store.keys(teamPrefix(SHELL_TEAM))).not.toEqual([]);
    const again = await shell.send('quiz-admin purge');
    expect(await shell.send(`#${lastButtonMessage(again)} Yes, delete everything`)).toContain('data is deleted');
    expect(await rig.store.keys(teamPrefix(SHELL_TEAM))).toEqual([]);
  });
});
