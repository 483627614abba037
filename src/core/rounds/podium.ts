import { cleanName, type Picture } from '../shared/messages.js';
import type { Standing } from './round-results.js';

/**
 * The end-of-round podium: the top three on steps (first in the middle, highest), each with name and points. Built
 * as a Vega-Lite spec (plain data: src/pictures draws it); undefined when nobody scored.
 */
const STEPS = [
  { slot: 'second', height: 2, colour: '#6e7781' },
  { slot: 'first', height: 3, colour: '#a87600' },
  { slot: 'third', height: 1.4, colour: '#9a4f1f' },
];
const SLOT_OF_RANK = ['first', 'second', 'third'];

/** A step's names: one, or the first and how many more share the place (a tie shares a step, as it shares a rank). */
const namesOf = (group: readonly Standing[]) =>
  group.length === 1 ? cleanName(group[0]!.name, 18) : `${cleanName(group[0]!.name, 10)} +${group.length - 1} tied`;

export function podiumPicture(roundId: string, standings: readonly Standing[]): Picture | undefined {
  const top = standings.filter((s) => s.points > 0 && s.rank <= 3);
  if (top.length === 0) return undefined;
  // One step per rank (1st, 2nd, 3rd): tied members stand together, and a rank a tie skipped has no step.
  const rows = [1, 2, 3].flatMap((rank) => {
    const group = top.filter((s) => s.rank === rank);
    if (group.length === 0) return [];
    const step = STEPS.find((s) => s.slot === SLOT_OF_RANK[rank - 1])!;
    const points = group.length === 1 ? `${group[0]!.points} pts · ${group[0]!.right} right` : `${group[0]!.points} pts each`;
    return [{ ...step, place: String(rank), name: namesOf(group), points }];
  });
  const x = {
    field: 'slot',
    type: 'ordinal',
    sort: STEPS.map((s) => s.slot),
    axis: null,
    scale: { domain: STEPS.map((s) => s.slot), paddingInner: 0.08 },
  };
  const y = { field: 'height', type: 'quantitative', axis: null, scale: { domain: [0, 4.4] } };
  const spec = {
    width: 420,
    height: 260,
    title: { text: 'Round podium', anchor: 'middle', fontSize: 18 },
    data: { values: rows },
    config: { view: { stroke: null } },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusTopLeft: 4, cornerRadiusTopRight: 4 },
        encoding: { x, y, color: { field: 'colour', type: 'nominal', scale: null } },
      },
      {
        mark: { type: 'text', fontSize: 40, fontWeight: 'bold', color: '#ffffff', baseline: 'top', dy: 10 },
        encoding: { x, y, text: { field: 'place' } },
      },
      {
        mark: { type: 'text', fontSize: 16, fontWeight: 'bold', color: '#111111', baseline: 'bottom', dy: -26 },
        encoding: { x, y, text: { field: 'name' } },
      },
      { mark: { type: 'text', fontSize: 13, color: '#333333', baseline: 'bottom', dy: -8 }, encoding: { x, y, text: { field: 'points' } } },
    ],
  };
  const alt = `Podium of the round: ${top.map((s) => `${ordinal(s.rank)} ${cleanName(s.name, 40)} with ${s.points} points (${s.right} right)`).join('; ')}.`;
  return { name: `podium-${roundId.replace(/[^A-Za-z0-9-]/g, '').slice(0, 40) || 'round'}`, alt, source: { chart: spec } };
}

function ordinal(rank: number): string {
  return rank === 1 ? '1st' : rank === 2 ? '2nd' : rank === 3 ? '3rd' : `${rank}th`;
}
