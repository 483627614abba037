import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GENERIC_FAILURE } from '../../src/app/dispatcher.js';
import { loadBank } from '../../src/bank/load.js';
import { type ArgContext, coerceArgs } from '../../src/commands/options.js';
import {
  COMMANDS,
  type CommandSpec,
  commandId,
  findCommand,
  GROUPS,
  type OptionSpec,
  type OptionType,
  usageOf,
} from '../../src/commands/table.js';
import { parseCommandText } from '../../src/commands/text.js';
import type { StoreRecord } from '../../src/core/ports/store.js';
import { teamPrefix } from '../../src/core/shared/keys.js';
import type { MemberRef } from '../../src/core/shared/refs.js';
import { configure, MINI_PACKS, onlyChannel } from '../fakes/engine.js';
import { allRecords } from '../fakes/stores.js';
import { PLATFORMS, type PlatformUnderTest, renderCommandText, type SampleArgs, type Who } from './permission-platforms.js';

/**
 * Permissions, generated from the neutral command table: every admin command on every platform is refused to a
 * member who is not a quiz admin (and changes nothing), and allowed to every kind of quiz admin; every member
 * command is allowed to a plain member. A command added to the table is covered here without anyone listing it;
 * a new option type fails until it has a sample value below.
 */

/** What every "not allowed" says: the dispatcher's refusal and the action handlers' notAllowed(). */
const REFUSAL = 'Only quiz admins can do that';
/** The narrower refusal of stop-round (src/core/rounds.ts). */
const NOT_YOUR_ROUND = 'Only the member who started the round, or a quiz admin, can stop it.';

const needsAdmin = (c: CommandSpec) => GROUPS[c.group].admin;
const ADMIN_COMMANDS = COMMANDS.filter(needsAdmin);
const MEMBER_GROUPS = Object.values(GROUPS)
  .filter((g) => !g.admin)
  .map((g) => g.name);

/**
 * Member commands whose rule is narrower than "any member", each tested on its own below. The table documents
 * them in the description; the handler enforces them.
 */
const NARROWER_RULES: Record<string, string> = {
  // A plain member may stop only a round they started; another member's round needs an admin.
  'quiz stop-round': 'its starter or an admin',
};
const MEMBER_COMMANDS = COMMANDS.filter((c) => !needsAdmin(c) && !(commandId(c) in NARROWER_RULES));

/** What sample values may refer to. */
interface SampleContext extends ArgContext {
  /** The member a member option names. */
  member: string;
  channel: string;
  role: string;
}

/**
 * One valid value per option type, as a platform sends it (numbers for integers, ids for members, channels and
 * roles). Every option of a command gets its sample, so each run exercises the whole command.
 */
const SAMPLE_VALUES: Partial<Record<OptionType, (option: OptionSpec, ctx: SampleContext) => string | number | undefined>> = {
  topic: (_, ctx) => ctx.topics[0]!,
  integer: (o) => o.min ?? o.max ?? 1,
  difficulty: () => 'easy',
  period: () => 'week',
  member: (_, ctx) => ctx.member,
  channel: (_, ctx) => ctx.channel,
  role: (_, ctx) => ctx.role,
  time: () => '07:30',
  timezone: () => 'Europe/Berlin',
  weekdays: () => 'mon-fri',
  pack: (_, ctx) => ctx.packs[0]!,
  // Every topic, so the daily keeps questions to draw from however often the admins post.
  topics: (_, ctx) => ctx.topics.join(','),
  'difficulty-range': () => 'easy-hard',
  privacy: () => 'hide',
  board: () => 'channels',
  'review-kind': () => 'choice',
  'daily-format': () => 'choice',
  switch: () => 'on',
  // Left out: without a file, pack upload asks for one (a form on Slack), which is what a permission needs to reach.
  file: () => undefined,
};

function sampleArgs(command: CommandSpec, ctx: SampleContext): SampleArgs {
  const args: SampleArgs = {};
  for (const option of command.options) {
    const sample = SAMPLE_VALUES[option.type];
    if (!(option.type in SAMPLE_VALUES) || !sample) {
      throw new Error(
        `No sample value for option type "${option.type}" (option "${option.name}" of ${commandId(command)}): ` +
          'add one to SAMPLE_VALUES in tests/app/permissions.test.ts so the permissions test covers the command.',
      );
    }
    const value = sample(option, ctx);
    if (value !== undefined) args[option.name] = value;
  }
  return args;
}

const bank = loadBank(MINI_PACKS);
const ARG_CONTEXT: ArgContext = { topics: Object.keys(bank.allTopics()), packs: bank.packIds() };

const snapshot = (p: PlatformUnderTest): Promise<StoreRecord[]> => allRecords(p.rig.store);

/** Sample arguments for every option of `command` on this platform; member options name `memberOption`. */
function argsFor(p: PlatformUnderTest, command: CommandSpec, memberOption: Who): SampleArgs {
  return sampleArgs(command, { ...ARG_CONTEXT, member: p.userId(memberOption), channel: p.places.channel, role: p.places.role });
}

describe('the command table, as this test reads it', () => {
  it('has admin commands and member commands to loop over', () => {
    expect(ADMIN_COMMANDS.length).toBeGreaterThan(0);
    expect(MEMBER_COMMANDS.length).toBeGreaterThan(0);
  });

  it('every narrower rule names a member command of the table', () => {
    for (const id of Object.keys(NARROWER_RULES)) {
      const command = COMMANDS.find((c) => commandId(c) === id);
      expect(command, `${id} is not in the table any more`).toBeDefined();
      expect(needsAdmin(command!), `${id} is an admin command: it needs no narrower rule`).toBe(false);
    }
  });

  it('every option of every command has a sample the text parser and the validator accept', () => {
    const ctx = { ...ARG_CONTEXT, member: 'U0SAMPLE', channel: 'C0SAMPLE', role: 'R0SAMPLE' };
    for (const command of COMMANDS) {
      const args = sampleArgs(command, ctx);
      // Slack and the shell: the rendered text parses back to this command with every option set.
      const parsed = parseCommandText(command.group, renderCommandText(command, args), ARG_CONTEXT);
      // "help" the text parser answers itself (the dispatcher shows the help without running a handler).
      if (command.name === 'help') expect(parsed.kind).toBe('help');
      else expect(parsed.kind, commandId(command)).toBe('command');
      if (parsed.kind !== 'command') continue;
      expect(parsed.command).toBe(command);
      // Every option with a sample (a file is left out: text cannot carry one).
      expect(Object.keys(parsed.raw).sort()).toEqual(Object.keys(args).sort());
      expect(coerceArgs(command, parsed.raw, ARG_CONTEXT), commandId(command)).toMatchObject({ ok: true });
      // Discord: the typed values, as the adapter turns them into text.
      const typed = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, String(v)]));
      expect(coerceArgs(command, typed, ARG_CONTEXT), commandId(command)).toMatchObject({ ok: true });
    }
  });

  it('an option type without a sample fails, saying to add one', () => {
    const future = { group: 'quiz-admin', name: 'future', description: '', options: [{ name: 'when', description: '', type: 'cron' }] };
    const ctx = { ...ARG_CONTEXT, member: 'U', channel: 'C', role: 'R' };
    expect(() => sampleArgs(future as unknown as CommandSpec, ctx)).toThrow(
      /No sample value for option type "cron".*add one to SAMPLE_VALUES/,
    );
  });
});

for (const platform of PLATFORMS) {
  describe(`permissions on ${platform.name}`, () => {
    let p: PlatformUnderTest;
    let member: (who: Who) => MemberRef;

    // One rig for the whole platform: a set-up team with an open daily, an open report, an added admin and a role.
    beforeAll(async () => {
      p = await platform.start();
      member = (who) => ({ ...p.team, userId: p.userId(who), displayName: who, platformAdmin: false });
      await configure(p.rig, p.team, { channelId: p.places.channel, admins: [p.userId('added admin')], adminRoleId: p.places.role });
      await p.rig.engine.dailies.post(p.team, await onlyChannel(p.rig.engine, p.team), { extra: false });
      await p.rig.engine.reports.add(member('other member'), bank.select({ pack: 'mini' })[0]!.id, 'Two options are right.');
    });
    afterAll(() => p.stop());

    describe('a member who is not a quiz admin is refused every admin command, and nothing changes', () => {
      for (const command of ADMIN_COMMANDS) {
        it(usageOf(command), async () => {
          const before = await snapshot(p);
          const posts = p.publicPosts();
          // Member options name the member themself: a stranger trying to make themself a quiz admin.
          const reply = await p.run('member', command, argsFor(p, command, 'member'));
          expect(reply.text).toContain(REFUSAL);
          expect(reply.buttons).toEqual([]);
          expect(await snapshot(p)).toEqual(before);
          expect(p.publicPosts()).toBe(posts);
        });
      }
    });

    // The group decides the permission, so a member group must not run an admin command by name (a stale Discord
    // registration, "/quiz setup" typed on Slack or in the shell).
    describe('an admin command sent under a member group is not run either', () => {
      for (const command of ADMIN_COMMANDS) {
        for (const group of MEMBER_GROUPS.filter((g) => !findCommand(g, command.name))) {
          it(`${group} ${command.name}`, async () => {
            const before = await snapshot(p);
            const reply = await p.run('member', { ...command, group }, argsFor(p, command, 'member'));
            // A family's command ("pack upload") is refused by its first word, the family this group does not have.
            expect(reply.text).toMatch(new RegExp(`"${command.name.split(' ')[0]}( [a-z-]+)?" is not a ${group} command`));
            expect(await snapshot(p)).toEqual(before);
          });
        }
      }
    });

    for (const kind of platform.admins) {
      describe(`a quiz admin (${kind}) may run every admin command`, () => {
        for (const command of ADMIN_COMMANDS) {
          it(usageOf(command), async () => {
            // Member options name another member. add-admin and remove-admin naming one member is refused as a
            // mistake, so setup is run with add-admin only: the whole command runs, and the other member is added.
            const { 'remove-admin': _, ...args } = argsFor(p, command, 'other member');
            const reply = await p.run(kind, command, args);
            expect(reply.text).not.toBe('');
            expect(reply.text).not.toContain(REFUSAL);
            expect(reply.text).not.toContain(GENERIC_FAILURE);
            expect(reply.text, 'the sample arguments were rejected').not.toContain('Usage:');
          });
        }
      });
    }

    // Commands that ask first (forget-me) count as allowed: the member gets the question, not a refusal.
    describe('a plain member may run every member command', () => {
      // A round started here would hold the channel: let whatever a command started on a timer run out.
      afterEach(() => p.rig.timers.advance(60 * 60 * 1000));
      for (const command of MEMBER_COMMANDS) {
        it(usageOf(command), async () => {
          const reply = await p.run('member', command, argsFor(p, command, 'other member'));
          expect(reply.text).not.toBe('');
          expect(reply.text).not.toContain(REFUSAL);
          expect(reply.text).not.toContain(NOT_YOUR_ROUND);
          expect(reply.text).not.toContain(GENERIC_FAILURE);
          expect(reply.text, 'the sample arguments were rejected').not.toContain('Usage:');
        });
      }
    });

    it('stop-round: its starter may stop it, another member may not (and changes nothing), an admin may', async () => {
      const round = COMMANDS.find((c) => commandId(c) === 'quiz round')!;
      const stop = COMMANDS.find((c) => commandId(c) === 'quiz stop-round')!;
      const startRound = async () =>
        expect((await p.run('other member', round, argsFor(p, round, 'other member'))).text).toContain('Round started');

      await startRound();
      const before = await snapshot(p);
      expect((await p.run('member', stop, {})).text).toContain(NOT_YOUR_ROUND);
      expect(await snapshot(p)).toEqual(before);
      expect((await p.run('other member', stop, {})).text).toContain('Round stopped');

      await startRound();
      expect((await p.run(platform.admins[0]!, stop, {})).text).toContain('Round stopped');
    });

    it('closing reports is for admins: a member’s click on the Close button is refused', async () => {
      const reports = COMMANDS.find((c) => commandId(c) === 'quiz-admin reports')!;
      await p.rig.engine.reports.add(member('other member'), bank.select({ pack: 'mini' })[1]!.id, 'The explanation is wrong.');
      const list = await p.run(platform.admins[0]!, reports, {});
      const close = list.buttons.find((b) => b.startsWith('Close '));
      expect(close, list.text).toBeDefined();
      const before = await snapshot(p);
      const pressed = await list.press(close!, 'member');
      if (platform.othersCanPressPrivateButtons) expect(pressed.text).toContain(REFUSAL);
      else expect(pressed.text).toContain('only they can click its buttons');
      expect(await snapshot(p)).toEqual(before);
      // The same button works for the admin: the refusal above was the permission check, not a broken button.
      expect((await list.press(close!, platform.admins[0]!)).text).toMatch(/Closed 1 report/);
    });

    // Last: it deletes the team's data, which the tests above rely on.
    it('purge: the admin gets the confirmation; a member cannot press it; another admin cannot confirm it; the admin can', async () => {
      const purge = COMMANDS.find((c) => commandId(c) === 'quiz-admin purge')!;
      const [admin, otherAdmin] = platform.admins;
      if (!admin || !otherAdmin) throw new Error(`${platform.name} needs two kinds of admin for this test`);
      const ask = await p.run(admin, purge, {});
      expect(ask.text).toContain('Delete all of this team’s Backprop data?');
      expect(ask.buttons).toContain('Yes, delete everything');

      const before = await snapshot(p);
      const stranger = await ask.press('Yes, delete everything', 'member');
      if (platform.othersCanPressPrivateButtons) expect(stranger.text).toContain(REFUSAL);
      else expect(stranger.text).toContain('only they can click its buttons');
      expect(await snapshot(p)).toEqual(before);

      // The confirmation is the asking admin's own: another admin's click is not theirs to give. (The shell lets
      // nobody but the asking admin click it at all.)
      if (platform.othersCanPressPrivateButtons) {
        expect((await ask.press('Yes, delete everything', otherAdmin)).text).toContain('expired or was not yours');
        expect(await snapshot(p)).toEqual(before);
      }

      expect((await ask.press('Yes, delete everything', admin)).text).toContain('data is deleted');
      expect((await snapshot(p)).filter((r) => r.key.startsWith(teamPrefix(p.team)))).toEqual([]);
    });
  });
}
