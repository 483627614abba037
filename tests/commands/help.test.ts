import { describe, expect, it } from 'vitest';
import { discordCommands } from '../../src/adapters/discord/commands.js';
import { plainText } from '../../src/core/shared/messages.js';
import { createRig, member } from '../fakes/engine.js';

/** The topics members can pick come from the bank: every topic of the shipped pack is offered everywhere. */
describe('topics offered to members', () => {
  const rig = createRig({ pack: 'deep-learning' });
  const topics = Object.keys(rig.engine.bank.allTopics());

  it('quiz help lists every topic of the shipped bank, the 2026 ones included', async () => {
    expect(topics).toHaveLength(22);
    const help = plainText(
      (await rig.dispatcher.handle({ kind: 'text', member: member('ann'), channelId: 'c', group: 'quiz', text: 'help' })).message,
    );
    const listed = /Topics: (.+)/.exec(help)?.[1]?.split(', ') ?? [];
    expect(listed.sort()).toEqual([...topics].sort());
    for (const slug of ['llm-inference', 'alignment', 'retrieval', 'diffusion', 'moe']) expect(listed).toContain(slug);
  });

  it('Discord offers each of them as the member types the topic of quiz start, quiz interview and quiz round', async () => {
    const [quiz] = discordCommands();
    for (const sub of ['start', 'interview', 'round']) {
      const topic = (quiz!.options as any[]).find((o) => o.name === sub).options.find((o: any) => o.name === 'topic');
      expect(topic, sub).toMatchObject({ type: 3, autocomplete: true });
    }
    const offered = await rig.dispatcher.complete(member('ann'), 'topic', '');
    expect(offered.length).toBe(Math.min(25, topics.length));
    expect(await rig.dispatcher.complete(member('ann'), 'topic', 'LLM')).toEqual(
      expect.arrayContaining(['llm-inference', 'llm-evaluation']),
    );
    // Found by its name as well as its slug.
    const named = Object.entries(rig.engine.bank.allTopics()).find(([slug, name]) => !name.toLowerCase().includes(slug))!;
    expect(await rig.dispatcher.complete(member('ann'), 'topic', named[1].split(' ')[0]!)).toContain(named[0]);
    // A list keeps what was typed before its last item, and does not offer an item twice.
    const listed = await rig.dispatcher.complete(member('ann'), 'topics', 'cnn,r');
    expect(listed).toContain('cnn,rnn');
    expect(listed.every((v) => v.startsWith('cnn,') && v !== 'cnn,cnn')).toBe(true);
    expect(await rig.dispatcher.complete(member('ann'), 'pack', 'deep-learning,d')).toEqual([]);
    expect(await rig.dispatcher.complete(member('ann'), 'timezone', 'utc')).toContain('UTC');
    expect(await rig.dispatcher.complete(member('ann'), 'timezone', 'new york')).toContain('America/New_York');
  });
});

describe('how help says options are given', () => {
  it('Discord lists options with the slash command; Slack and the terminal take words or name=value', async () => {
    const rig = createRig();
    const help = async (platform: 'discord' | 'slack' | 'shell') =>
      plainText(
        (
          await rig.dispatcher.handle({
            kind: 'command',
            member: member('ann', { team: { platform, teamId: 't1' } }),
            channelId: 'c',
            group: 'quiz',
            name: 'help',
            raw: {},
          })
        ).message,
      );
    const discord = await help('discord');
    expect(discord).toContain('/quiz start topic:cnn count:3');
    expect(discord).not.toContain('name=value');
    expect(await help('slack')).toContain('/quiz start cnn 3 is /quiz start count=3 topic=cnn');
    expect(await help('shell')).toContain('quiz start cnn 3 is quiz start count=3 topic=cnn');
  });
});
