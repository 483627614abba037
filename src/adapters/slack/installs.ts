import type { App } from '@slack/bolt';
import type { Dispatcher } from '../../app/dispatcher.js';
import type { StoredInstallations } from './oauth/installations.js';

const teamOf = (teamId: string) => ({ platform: 'slack' as const, teamId });

/**
 * Where the app stops (or starts again) serving workspaces: the installation goes (Bolt keeps it otherwise), the
 * teams' schedules stop and their data waits 30 days for a return. An org-wide install on Enterprise Grid serves
 * every workspace of the organisation at once, so its uninstall removes all the workspaces it served, not only
 * the one the event names; an organisation's admins can also take single workspaces out of it, or add them back.
 */
export function listenForInstallChanges(app: App, dispatcher: Dispatcher, installations?: StoredInstallations): void {
  for (const name of ['app_uninstalled', 'tokens_revoked'] as const) {
    app.event(name, async ({ body, event }) => {
      // Revoking only user tokens leaves the bot installed (Backprop asks for none, but an org admin may add some).
      const botRevoked = event.type === 'app_uninstalled' || (event.tokens.bot ?? []).length > 0;
      if (!botRevoked) return;
      const authorization = body.authorizations?.[0];
      const isEnterpriseInstall = authorization?.is_enterprise_install === true;
      const enterpriseId = authorization?.enterprise_id ?? body.enterprise_id ?? undefined;
      await installations?.deleteInstallation({ teamId: body.team_id, enterpriseId, isEnterpriseInstall });
      const served = isEnterpriseInstall && enterpriseId ? ((await installations?.workspacesOf(enterpriseId)) ?? []) : [];
      // An organisation-level event may name the organisation itself where a workspace would be: not a team.
      for (const teamId of new Set([body.team_id, ...served])) {
        if (teamId && teamId !== enterpriseId) await dispatcher.teamEvent({ kind: 'removed', team: teamOf(teamId) });
      }
    });
  }

  // The org-wide installation stays; these workspaces leave it.
  app.event('team_access_revoked', async ({ event }) => {
    for (const teamId of event.team_ids) {
      await installations?.unlink(teamId);
      await dispatcher.teamEvent({ kind: 'removed', team: teamOf(teamId) });
    }
  });

  // Workspaces added to an org-wide installation: linked at once, so the schedule finds its token before any event.
  app.event('team_access_granted', async ({ body, event }) => {
    const enterpriseId = body.authorizations?.[0]?.enterprise_id ?? body.enterprise_id;
    for (const teamId of event.team_ids) {
      if (enterpriseId) await installations?.link(teamId, enterpriseId);
      await dispatcher.teamEvent({ kind: 'joined', team: teamOf(teamId) });
    }
  });
}
