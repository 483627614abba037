import type { App } from '@slack/bolt';
import type { Dispatcher } from '../../app/dispatcher.js';
import type { Logger } from '../../core/ports/logger.js';
import type { StoredInstallations } from './oauth/installations.js';

const teamOf = (teamId: string) => ({ platform: 'slack' as const, teamId });

/**
 * Where the app stops (or starts again) serving workspaces: the installation goes (Bolt keeps it otherwise), the
 * teams' schedules stop and their data waits 30 days for a return. An org-wide install on Enterprise Grid serves
 * the workspaces of the organisation its admins granted it, so its uninstall removes every one it served, not only
 * a workspace the event may name; the admins also grant and revoke single workspaces (team_access_*).
 */
export function listenForInstallChanges(app: App, dispatcher: Dispatcher, log: Logger, installations?: StoredInstallations): void {
  const removed = (teamId: string) => dispatcher.teamEvent({ kind: 'removed', team: teamOf(teamId) });

  for (const name of ['app_uninstalled', 'tokens_revoked'] as const) {
    app.event(name, async ({ body, event }) => {
      // Revoking only user tokens leaves the bot installed (Backprop asks for none, but an org admin may add some).
      const botRevoked = event.type === 'app_uninstalled' || (event.tokens.bot ?? []).length > 0;
      if (!botRevoked) return;
      const authorization = body.authorizations?.[0];
      const enterpriseId = authorization?.enterprise_id ?? body.enterprise_id ?? undefined;
      const isEnterpriseInstall = authorization?.is_enterprise_install === true;
      const gone = await installations?.uninstall({ teamId: body.team_id ?? undefined, enterpriseId, isEnterpriseInstall });
      const served = gone?.scope === 'enterprise' ? await installations!.unlinkOrganisation(gone.id) : [];
      for (const teamId of new Set([body.team_id, ...served])) {
        // An organisation-level event names no workspace, or names the organisation: not a team.
        if (teamId && teamId !== enterpriseId) await removed(teamId);
      }
    });
  }

  // The org-wide installation stays; these workspaces leave it (one with an installation of its own stays served).
  app.event('team_access_revoked', async ({ event }) => {
    for (const teamId of event.team_ids) {
      const ownInstall = (await installations?.revoke(teamId)) ?? false;
      if (!ownInstall) await removed(teamId);
    }
  });

  // Workspaces granted to an org-wide installation: linked at once, so their schedules find the token before any
  // member does anything, and a team removed earlier is back.
  app.event('team_access_granted', async ({ body, event }) => {
    const enterpriseId = body.authorizations?.[0]?.enterprise_id ?? body.enterprise_id;
    if (!enterpriseId) return log.warn({ teamIds: event.team_ids }, 'team_access_granted without an organisation: ignored');
    for (const teamId of event.team_ids) {
      await installations?.grant(teamId, enterpriseId);
      await dispatcher.teamEvent({ kind: 'joined', team: teamOf(teamId) });
    }
  });
}
