import { b, type Line, line, t } from '../shared/messages.js';
import type { Streak } from './streaks.js';

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

export function streakLine(s: Streak): Line {
  const freezes = s.freezes === 0 ? '' : ` · ${s.freezes} freeze${s.freezes === 1 ? '' : 's'} held`;
  return line(t('🔥 Streak: '), b(days(s.current)), t(` · best ${days(s.best)}${freezes}`));
}
