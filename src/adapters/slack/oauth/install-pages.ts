import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CodedError, Installation } from '@slack/bolt';
import type { Logger } from '../../../core/ports/logger.js';

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

/**
 * Why an install went no further, in the words of whoever was installing, by what the installer met: each a
 * refusal of that attempt (400), not a failure of Backprop. Anything else is ours (500, logged as an error).
 */
const REFUSALS: Record<string, string> = {
  // Bolt's AuthorizationError is, at the redirect, Slack's error=access_denied: Cancel on the consent screen.
  slack_oauth_installer_authorization_error: 'The installation was cancelled on Slack’s consent screen.',
  slack_oauth_invalid_state: 'This installation link has expired or was already used, or was started in another browser.',
  slack_oauth_missing_state: 'This installation link has expired or was already used, or was started in another browser.',
  slack_oauth_missing_code: 'Slack did not pass on the approval this page needs.',
  invalid_code: 'Slack did not accept the approval this page was given (it may have been used already, or expired).',
};

type Failure = CodedError & { data?: { error?: unknown } };

/** The refusal an install error is, keyed as in REFUSALS (a Web API error by Slack's own code), or undefined. */
export function installRefusal(error: unknown): string | undefined {
  const e = error as Failure | undefined;
  const key = e?.code === 'slack_webapi_platform_error' ? String(e.data?.error) : e?.code;
  return key !== undefined && Object.hasOwn(REFUSALS, key) ? key : undefined;
}

/** GET /slack/install: what is being installed, and the one link to Slack's consent screen. */
export function installPage(url: string): string {
  return (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Install Backprop</title></head><body>' +
    '<h2>Backprop: deep-learning interview practice in Slack</h2>' +
    '<p>A daily question in the channels you choose, practice quizzes, interview mode and team leaderboards.</p>' +
    `<p><a href="${url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}">Add Backprop to a Slack workspace</a></p></body></html>`
  );
}

export function installedPage(installation: Installation<'v1' | 'v2', boolean>, res: ServerResponse<IncomingMessage>): void {
  const name = escapeHtml(installation.team?.name ?? installation.enterprise?.name ?? 'your workspace');
  page(res, 200, 'Backprop installed', `Backprop is installed in ${name}.`, [
    'In the channel the daily question should go to, type <code>/quiz-admin setup</code>.',
  ]);
}

/** callbackOptions.failureAsync: a page that says what happened and how to try again; a bug is logged as one. */
export async function installFailed(error: CodedError, res: ServerResponse<IncomingMessage>, log: Logger): Promise<void> {
  const refusal = installRefusal(error);
  if (refusal) {
    log.info({ reason: refusal }, 'a Slack install went no further');
    return page(res, 400, 'Backprop was not installed', 'Backprop was not installed.', [
      REFUSALS[refusal]!,
      `Nothing was changed. To install it, <a href="${INSTALL_PATH}">start again</a>. <small>(${escapeHtml(refusal)})</small>`,
    ]);
  }
  log.error({ err: error }, 'a Slack install failed');
  page(res, 500, 'Backprop was not installed', 'Backprop could not be installed.', [
    `Something went wrong on our side; it has been logged. Please <a href="${INSTALL_PATH}">try again</a> in a moment. <small>(${escapeHtml(String(error.code))})</small>`,
  ]);
}

function page(res: ServerResponse<IncomingMessage>, status: number, title: string, heading: string, paragraphs: string[]): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body>` +
      `<h2>${heading}</h2>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</body></html>`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
