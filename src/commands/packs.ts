import { MAX_UPLOAD_BYTES, packFile, parsePackUpload, tooLarge } from '../bank/upload.js';
import { type Pack, packIdsOf } from '../core/bank/bank.js';
import { toPack } from '../core/bank/team-pack-model.js';
import { MAX_PACK_QUESTIONS, MAX_TEAM_PACKS, PackProblems } from '../core/bank/team-packs.js';
import { dailyPool } from '../core/daily/deck.js';
import { openDailiesChangedBy, openDailyQuestions } from '../core/daily/pack-changes.js';
import type { Engine } from '../core/engine.js';
import { UserError } from '../core/shared/errors.js';
import { b, type InFile, type Line, line, type OutMessage, privateReply, type Reply, ref, t } from '../core/shared/messages.js';
import type { MemberRef } from '../core/shared/refs.js';
import { CONFIRM_REMOVE_PACK, PACK_UPLOAD } from '../core/team/team-actions.js';
import { command } from './command.js';
import { confirmation } from './replies.js';

const questions = (n: number) => `${n} question${n === 1 ? '' : 's'}`;

const EXTENSIONS = ['yaml', 'yml', 'json', 'csv'] as const;

/** A list of problems: nothing was saved, and everything to fix is named at once. */
function problemsReply(problems: readonly string[]): Reply {
  return privateReply({
    title: '⚠️ The pack was not saved (nothing changed)',
    lines: [...problems.map((p) => line(t(`• ${p}`))), [], line(t('Fix these and upload the file again.'))],
    tone: 'warning',
  });
}

/** An upload that would change the question of an open daily: refused, with the way out. */
function openDailiesReply(conflicts: ReturnType<typeof openDailiesChangedBy>): Reply {
  return privateReply({
    title: '⚠️ The pack was not saved (nothing changed)',
    lines: [
      ...conflicts.map((c) => [
        t('• The daily open in '),
        ref('channel', c.channelId),
        t(` asks "${c.questionId}", which this file ${c.removed ? 'removes' : 'changes'}.`),
      ]),
      line(t('Clicks on an open daily are judged against the question as its post shows it. Close it first, then upload again:')),
      ...conflicts.map((c) => [t('quiz-admin close '), ref('channel', c.channelId)]),
    ],
    tone: 'warning',
  });
}

/**
 * An uploaded file: read, validated all or nothing, saved as the team's pack (a pack of the same id replaced).
 * Shared by the command (a file attached, or a path in the shell) and the upload form (Slack).
 */
export async function receivePack(engine: Engine, member: MemberRef, file: InFile): Promise<Reply> {
  if (file.size > MAX_UPLOAD_BYTES) return problemsReply([tooLarge(file.name, file.size)]);
  await engine.packs.checkUpload(member);
  let content: Uint8Array;
  try {
    content = await file.read();
  } catch (error) {
    throw new UserError('bad-input', `The file could not be read: ${(error as Error).message}`);
  }
  // A question id another pack uses is named with the file's other problems.
  const bank = await engine.packs.bankFor(member);
  const retired = new Set((await engine.packs.list(member)).flatMap((p) => p.retired.map((q) => q.id)));
  const parsed = parsePackUpload(file.name, content, (id, packId) => {
    const other = bank.question(id)?.pack;
    if (!other || other === packId) return undefined;
    // A retired question keeps its id for the answers that name it (pack show lists them).
    return retired.has(id) ? `the pack ${other}, by a question it retired (ids are never reused)` : `the pack ${other}`;
  });
  if (!parsed.ok) return problemsReply(parsed.problems);
  const open = await openDailyQuestions(engine.channels, (team, id) => engine.dailies.get(team, id), member);
  const conflicts = openDailiesChangedBy(open, bank, parsed.pack);
  if (conflicts.length > 0) return openDailiesReply(conflicts);
  try {
    const change = await engine.packs.put(member, parsed.pack, { format: parsed.format, by: member.userId });
    const n = change.pack.questions.length;
    const counts = [`${change.added.length} added`, `${change.changed.length} changed`, `${change.removed.length} removed`].join(', ');
    const topics = Object.keys(change.pack.topics).length;
    return privateReply({
      title: `✅ Pack ${change.pack.id} ${change.replaced ? 'updated' : 'saved'}: ${n} question${n === 1 ? '' : 's'}`,
      lines: [
        line(t(change.replaced ? `Compared with the earlier version: ${counts}.` : `${topics} topic${topics === 1 ? '' : 's'}.`)),
        ...(change.removed.length ? [line(t('Removed questions are no longer drawn; answers and stats that mention them stay.'))] : []),
        ...(await emptiedChannels(engine, member, change.pack.id)),
        line(t(`To use it: quiz-admin setup pack=${change.pack.id} (or several: pack=deep-learning,${change.pack.id}).`)),
      ],
      tone: 'success',
    });
  } catch (error) {
    if (error instanceof PackProblems) return problemsReply(error.problems.map((p) => `${file.name}: ${p}`));
    throw error;
  }
}

/**
 * The daily channels an upload left with no question for their topics and difficulty: each draws from the whole
 * pack (or the default, see poolToDraw) until an admin chooses again (the daily is never skipped), and the admin
 * hears it now.
 */
async function emptiedChannels(engine: Engine, member: MemberRef, packId: string): Promise<Line[]> {
  const bank = await engine.packs.bankFor(member);
  const emptied = (await engine.channels.active(member)).filter(
    (c) => packIdsOf(c.pack).includes(packId) && dailyPool(bank, c).length === 0,
  );
  return emptied.map((c) =>
    line(
      t('⚠️ '),
      ref('channel', c.channelId),
      t(
        ': its topics and difficulty leave no question now; its daily draws from its whole pack (or the default pack) until you choose again (quiz-admin setup).',
      ),
    ),
  );
}

/** Asks for the file where the platform can show a file form (Slack), and says how to attach it elsewhere. */
function askForFile(): Reply {
  return {
    visibility: 'private',
    message: {
      lines: [
        line(t('Attach the pack file to the command (its file option), or give a path in the terminal: quiz-admin pack upload <path>.')),
      ],
      tone: 'info',
    },
    form: {
      actionId: PACK_UPLOAD.encode({}),
      title: 'Upload a question pack',
      fields: [],
      file: {
        label: `Pack file: .yaml, .json or .csv, at most 1 MB and ${MAX_PACK_QUESTIONS} questions`,
        maxBytes: MAX_UPLOAD_BYTES,
        extensions: EXTENSIONS,
      },
    },
  };
}

export const packUpload = command({
  group: 'quiz-admin',
  name: 'pack upload',
  description: 'Upload a question pack (.yaml, .json or .csv); one with the same id is replaced',
  options: [{ name: 'file', type: 'file', description: 'The pack file (at most 1 MB and 2,000 questions)' }],
  async run({ engine, member }, { file }) {
    return file ? receivePack(engine, member, file) : askForFile();
  },
});

function describePack(pack: Pack, own: boolean): Line {
  const topics = Object.keys(pack.topics).length;
  return line(
    b(pack.id),
    t(` · ${pack.name} · ${questions(pack.questions.length)} · ${topics} topic${topics === 1 ? '' : 's'}${own ? '' : ' · built in'}`),
  );
}

export const packList = command({
  group: 'quiz-admin',
  name: 'pack list',
  description: 'The question packs: built in, and the team’s own',
  options: [],
  async run({ engine, member }) {
    const own = await engine.packs.list(member);
    const builtIn = engine.bank.packIds().map((id) => engine.bank.pack(id)!);
    const lines: Line[] = [
      ...builtIn.map((p) => describePack(p, false)),
      ...own.map((p) => describePack(toPack(p).pack, true)),
      [],
      line(t(`The team has ${own.filter((p) => p.source === 'upload').length} of at most ${MAX_TEAM_PACKS} uploaded packs.`)),
    ];
    return privateReply({ title: '📚 Question packs', lines, tone: 'info' });
  },
});

export const packShow = command({
  group: 'quiz-admin',
  name: 'pack show',
  description: 'A pack’s topics and counts, and who uploaded it when',
  options: [{ name: 'pack', type: 'pack', description: 'The pack’s id', required: true }],
  async run({ engine, member }, { pack: id }) {
    const bank = await engine.packs.bankFor(member);
    const pack = bank.pack(id)!;
    const stored = await engine.packs.get(member, id);
    const count = (topic: string) => pack.questions.filter((q) => q.topic === topic).length;
    const message: OutMessage = {
      title: `📚 ${pack.name} (${pack.id})`,
      lines: [
        line(t(`${questions(pack.questions.length)}${stored?.retired.length ? `, ${stored.retired.length} retired` : ''}`)),
        // Their ids stay taken (answers name them): an admin reusing one is told why, and can look them up here.
        ...(stored?.retired.length
          ? [
              line(
                t(
                  `Retired ids: ${stored.retired
                    .slice(0, 20)
                    .map((q) => q.id)
                    .join(', ')}${stored.retired.length > 20 ? ', …' : ''}`,
                ),
              ),
            ]
          : []),
        ...Object.entries(pack.topics).map(([slug, name]) => line(t(`• ${name} (${slug}): ${count(slug)}`))),
        [],
        stored
          ? line(
              t(stored.source === 'suggestions' ? 'Approved suggestions, last added ' : 'Uploaded as '),
              ...(stored.source === 'upload' ? [t(`${stored.format.toUpperCase()} `)] : []),
              ...(stored.uploadedBy ? [t('by '), ref('user', stored.uploadedBy), t(' ')] : []),
              t('on '),
              { text: String(stored.updatedAt), ref: 'datetime' as const },
            )
          : line(t('Built into Backprop.')),
      ],
      tone: 'info',
    };
    return privateReply(message);
  },
});

export const packExport = command({
  group: 'quiz-admin',
  name: 'pack export',
  description: 'The pack as a file, to edit and upload again',
  options: [{ name: 'pack', type: 'pack', description: 'The pack’s id', required: true }],
  async run({ engine, member }, { pack: id }) {
    const pack = (await engine.packs.bankFor(member)).pack(id)!;
    const stored = await engine.packs.get(member, id);
    const file = packFile(pack, stored?.format ?? 'yaml');
    return privateReply({
      title: `📎 ${file.name}`,
      lines: [
        line(
          t(
            stored
              ? `${questions(pack.questions.length)}. Edit it and upload it again with quiz-admin pack upload: the same id replaces it.`
              : `${questions(pack.questions.length)}. A built-in pack cannot be replaced: to upload your own version, give it and its questions ids of your own (and keep the file within 1 MB).`,
          ),
        ),
      ],
      files: [
        { name: file.name, data: new TextEncoder().encode(file.text), mimeType: file.name.endsWith('.csv') ? 'text/csv' : 'text/plain' },
      ],
      tone: 'info',
    });
  },
});

export const packRemove = command({
  group: 'quiz-admin',
  name: 'pack remove',
  description: 'Remove one of the team’s packs (asks first)',
  options: [{ name: 'pack', type: 'pack', description: 'The pack’s id', required: true }],
  async run({ engine, member }, { pack: id }) {
    if (!(await engine.packs.get(member, id)))
      throw new UserError('bad-input', `pack: ${id} is built in; only the team’s own packs can be removed.`);
    const token = await engine.confirmations.ask(member, 'remove-pack', id);
    return confirmation(
      CONFIRM_REMOVE_PACK.encode({ token }),
      token,
      `⚠️ Remove the pack ${id}?`,
      'Its questions will no longer be drawn, and a daily open now that asks one of them is closed first (its answer shown). Daily channels drawing from it keep their other packs, or fall back to the default pack. Answers and stats stay.',
      'Yes, remove it',
    );
  },
});
