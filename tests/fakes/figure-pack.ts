import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The one question of the figures pack: every daily and practice quiz on it shows its chart. */
export const FIGURE_QUESTION = 'falling-line';
export const FIGURE_ALT = 'A line chart of loss falling from 3 at epoch 1 to 1 at epoch 3';

/** A packs folder holding one pack ("figures") of one question with a chart, for the adapters' picture tests. */
export function figurePacks(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bp-figure-packs-'));
  writeFileSync(
    join(dir, 'figures.yaml'),
    `id: figures
name: Figures
topics:
  alpha: Alpha
questions:
  - id: ${FIGURE_QUESTION}
    topic: alpha
    difficulty: 1
    prompt: What does the chart show about the loss?
    answer: It falls
    distractors: [It rises, It stays flat, It oscillates]
    explanation: The line goes down from left to right. Nothing else happens.
    figure:
      alt: ${FIGURE_ALT}
      chart: {"width": 200, "height": 120, "data": {"values": [{"epoch": 1, "loss": 3}, {"epoch": 2, "loss": 2}, {"epoch": 3, "loss": 1}]},
        "mark": "line", "encoding": {"x": {"field": "epoch", "type": "quantitative"}, "y": {"field": "loss", "type": "quantitative"}}}
`,
  );
  return dir;
}
