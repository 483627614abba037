import type { Bank } from '../bank/bank.js';
import { type Button, b, type Line, line, type OutMessage, t } from '../shared/messages.js';
import { type QuestionReport, REPORTS_TO_WITHHOLD } from './reports.js';
import { REPORT_CLOSE } from './team-actions.js';

/** Open reports, grouped by question, each group with a button that closes it. */
export function renderReports(reports: QuestionReport[], bank: Bank): OutMessage {
  if (reports.length === 0) return { title: '📋 Question reports', lines: [line(t('No open reports.'))], tone: 'info' };
  const byQuestion = new Map<string, QuestionReport[]>();
  for (const r of reports) byQuestion.set(r.questionId, [...(byQuestion.get(r.questionId) ?? []), r]);
  const lines: Line[] = [];
  const buttons: Button[] = [];
  for (const [questionId, list] of byQuestion) {
    const q = bank.question(questionId);
    const members = new Set(list.map((r) => r.memberId)).size;
    lines.push(line(b(`${questionId}`), t(` · ${q ? q.prompt : '(no longer in the bank)'}`)));
    if (members >= REPORTS_TO_WITHHOLD) lines.push(line(t(`⚠️ Reported by ${members} members: left out of the daily until closed.`)));
    for (const r of list) lines.push(line(t(`• “${r.text}”`)));
    lines.push([]);
    buttons.push({
      actionId: REPORT_CLOSE.encode({ questionId }),
      label: `Close ${questionId}`.slice(0, 75),
      style: 'secondary',
    });
  }
  return { title: `📋 Question reports (${reports.length} open)`, lines, buttons: buttons.slice(0, 25), tone: 'info' };
}
