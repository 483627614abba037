import { createHmac } from 'node:crypto';
import type { FakeSlackFile } from './files.js';
import type { FakeWorkspace } from './oauth.js';
import { FakeSlackState, type FakeSlackUser, id } from './state.js';

/** Slack's side of the conversation: the events, commands, clicks and form submissions it sends the app. */
export abstract class FakeSlackEvents extends FakeSlackState {
  /** A workspace uninstalls the app (or revokes its tokens): its tokens stop working, then the event is sent. */
  async uninstall(
    mode: 'socket' | 'http',
    workspace: FakeWorkspace,
    type: 'app_uninstalled' | 'tokens_revoked' = 'app_uninstalled',
    opts: { bare?: boolean } = {},
  ) {
    // The event carries the installation it was about: worked out before the tokens go.
    const about = { ...this.installationOf(workspace.teamId), bare: opts.bare };
    this.oauth.revoke(workspace.teamId);
    const event = type === 'app_uninstalled' ? { type } : { type, tokens: { bot: [workspace.botUserId] } };
    return this.event(mode, event, workspace.teamId, about);
  }

  /** An organisation's admins grant its org-wide install workspaces: its token acts there from now on. */
  async grantTeamAccess(mode: 'socket' | 'http', organisation: FakeWorkspace, workspaces: FakeWorkspace[]) {
    for (const w of workspaces) organisation.granted!.add(w.teamId);
    return this.event(mode, { type: 'team_access_granted', team_ids: workspaces.map((w) => w.teamId) }, organisation.teamId);
  }

  /** …or take them out of it: its token stops acting there at once. */
  async revokeTeamAccess(mode: 'socket' | 'http', organisation: FakeWorkspace, workspaces: FakeWorkspace[]) {
    for (const w of workspaces) organisation.granted!.delete(w.teamId);
    return this.event(mode, { type: 'team_access_revoked', team_ids: workspaces.map((w) => w.teamId) }, organisation.teamId);
  }

  /** A member runs a slash command; resolves to the event id whose response URL the reply will use. */
  async slash(mode: 'socket' | 'http', user: FakeSlackUser, command: string, text: string, channel = 'C0GENERAL'): Promise<string> {
    this.assertServed(user.teamId);
    const eventId = id('E');
    const payload = {
      token: 'verification-token',
      team_id: user.teamId,
      team_domain: 'fake',
      channel_id: channel,
      channel_name: 'general',
      user_id: user.id,
      user_name: user.name,
      command,
      text,
      api_app_id: this.appId,
      ...this.commandEnterprise(user.teamId),
      response_url: `${this.url}/response/${eventId}`,
      trigger_id: this.trigger(eventId),
    };
    await this.deliver(mode, 'slash_commands', payload, new URLSearchParams(payload).toString(), 'application/x-www-form-urlencoded');
    return eventId;
  }

  protected commandEnterprise(teamId: string): Record<string, string> {
    const { enterpriseId, orgWide } = this.installationOf(teamId);
    return { ...(enterpriseId ? { enterprise_id: enterpriseId } : {}), is_enterprise_install: String(orgWide !== undefined) };
  }

  protected interactionEnterprise(teamId: string) {
    const { enterpriseId, orgWide } = this.installationOf(teamId);
    return { enterprise: enterpriseId ? { id: enterpriseId, name: 'Org' } : null, is_enterprise_install: orgWide !== undefined };
  }

  /** A member clicks a button (by action id) on a message: a channel post, or an ephemeral reply. */
  async click(
    mode: 'socket' | 'http',
    user: FakeSlackUser,
    actionId: string,
    where: { channel: string; ts?: string; ephemeral?: boolean },
  ): Promise<string> {
    this.assertServed(user.teamId);
    const eventId = id('E');
    const payload = {
      type: 'block_actions',
      user: { id: user.id, username: user.name, name: user.name, team_id: user.teamId },
      api_app_id: this.appId,
      token: 'verification-token',
      container: { type: 'message', message_ts: where.ts ?? '1.1', channel_id: where.channel, is_ephemeral: where.ephemeral ?? false },
      trigger_id: this.trigger(eventId),
      team: { id: user.teamId, domain: 'fake' },
      ...this.interactionEnterprise(user.teamId),
      channel: { id: where.channel, name: 'general' },
      state: { values: {} },
      response_url: `${this.url}/response/${eventId}`,
      actions: [
        {
          action_id: actionId,
          block_id: 'b1',
          text: { type: 'plain_text', text: 'x', emoji: true },
          value: 'x',
          type: 'button',
          action_ts: String(this.ts),
        },
      ],
    };
    await this.deliverInteraction(mode, payload);
    return eventId;
  }

  /**
   * A member submits a modal the app opened: text in its one input, or by input action id each text or the files
   * given to a file input. An input left out that is not optional is what Slack refuses to submit.
   */
  async submitView(
    mode: 'socket' | 'http',
    user: FakeSlackUser,
    view: any,
    input: string | Record<string, string | FakeSlackFile[]>,
  ): Promise<ViewAck> {
    this.assertServed(user.teamId);
    const values: Record<string, Record<string, unknown>> = {};
    for (const [index, block] of (view.blocks as any[]).entries()) {
      if (block.type !== 'input') continue;
      const given = typeof input === 'string' ? (index === 0 ? input : undefined) : input[block.element.action_id];
      if (given === undefined && !block.optional) throw new Error(`the modal's input ${block.element.action_id} is required`);
      values[block.block_id] = {
        [block.element.action_id]:
          block.element.type === 'file_input'
            ? {
                type: 'file_input',
                files: (Array.isArray(given) ? given : []).map((f) => ({ id: f.id, name: f.name, size: f.data.length })),
              }
            : { type: 'plain_text_input', value: typeof given === 'string' ? given : null },
      };
    }
    const payload = {
      type: 'view_submission',
      team: { id: user.teamId, domain: 'fake' },
      user: { id: user.id, username: user.name, name: user.name, team_id: user.teamId },
      api_app_id: this.appId,
      token: 'verification-token',
      trigger_id: this.trigger(),
      view: {
        ...view,
        id: id('V'),
        team_id: user.teamId,
        state: { values },
      },
      response_urls: [],
      ...this.interactionEnterprise(user.teamId),
    };
    const ack = ((await this.deliverInteraction(mode, payload)) ?? {}) as ViewAck;
    // Slack keeps the modal open with each message under its input, and refuses errors for blocks it does not have.
    if (ack.response_action === 'errors') {
      const inputs = new Set((view.blocks as any[]).filter((b) => b.type === 'input').map((b) => b.block_id));
      const unknown = Object.keys(ack.errors ?? {}).filter((block) => !inputs.has(block));
      if (unknown.length || Object.keys(ack.errors ?? {}).length === 0)
        throw new Error(`invalid response_action errors: ${JSON.stringify(ack.errors)}`);
    }
    return ack;
  }

  /** An interaction (a click, a form submitted): sent as Slack sends them, JSON in a form field named payload. */
  private deliverInteraction(mode: 'socket' | 'http', payload: Record<string, unknown>): Promise<unknown> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.deliver(mode, 'interactive', payload, body, 'application/x-www-form-urlencoded');
  }

  /** An Events API event (app_home_opened, app_uninstalled, …). */
  async event(
    mode: 'socket' | 'http',
    event: Record<string, unknown>,
    teamId = this.teamId,
    about = this.installationOf(teamId),
  ): Promise<string> {
    const eventId = id('Ev');
    const { enterpriseId, orgWide, orgLevel, botUserId } = about;
    const payload = {
      token: 'verification-token',
      // An organisation's own events (team_access_*, its uninstall) belong to no workspace.
      team_id: orgLevel ? null : teamId,
      ...(enterpriseId ? { enterprise_id: enterpriseId } : {}),
      api_app_id: this.appId,
      event: { event_ts: String(this.ts), ...event },
      type: 'event_callback',
      event_id: eventId,
      event_time: this.ts,
      // Slack's own sample of app_uninstalled has none: about.bare sends that shape.
      ...(about.bare
        ? {}
        : {
            authorizations: [
              {
                enterprise_id: enterpriseId ?? null,
                team_id: orgWide ? null : teamId,
                user_id: botUserId,
                is_bot: true,
                is_enterprise_install: orgWide !== undefined,
              },
            ],
          }),
      is_ext_shared_channel: false,
    };
    await this.deliver(mode, 'events_api', payload, JSON.stringify(payload), 'application/json');
    return eventId;
  }

  /**
   * The next event is sent as it is now, but reaches the app only on deliverHeld(): an event Slack sent (or retried)
   * while something changed, such as a workspace's access being revoked.
   */
  holdNext(): void {
    this.holding = true;
  }

  async deliverHeld(): Promise<void> {
    for (const send of this.held.splice(0)) await send();
  }

  /** Delivers one envelope or request; resolves with the app's acknowledgement payload (a view submission's response). */
  protected async deliver(mode: 'socket' | 'http', type: string, payload: unknown, body: string, contentType: string): Promise<unknown> {
    if (this.holding) {
      this.holding = false;
      this.held.push(async () => void (await this.deliver(mode, type, payload, body, contentType)));
      return undefined;
    }
    if (mode === 'socket') {
      const envelopeId = id('ENV');
      const frame = JSON.stringify({ envelope_id: envelopeId, type, accepts_response_payload: type !== 'events_api', payload });
      for (const s of this.sockets) s.send(frame);
      await this.waitFor(() => this.acks.has(envelopeId), `the ack of ${type} envelope ${envelopeId}`);
      return this.acks.get(envelopeId) ?? undefined;
    }
    const response = await this.signedPost(body, contentType);
    if (response.status !== 200) throw new Error(`the app answered ${response.status} to a signed ${type} request`);
    const { text } = response;
    try {
      return text ? JSON.parse(text) : undefined;
    } catch {
      return text;
    }
  }

  /** POSTs to the app's /slack/events, signed as Slack does (or not, or wrongly, or too old). */
  async signedPost(
    body: string,
    contentType = 'application/x-www-form-urlencoded',
    sign: 'valid' | 'missing' | 'wrong' | 'stale' = 'valid',
  ): Promise<{ status: number; text: string }> {
    if (!this.appUrl) throw new Error('fake Slack: appUrl is not set (HTTP mode)');
    const ts = Math.floor(Date.now() / 1000) - (sign === 'stale' ? 6 * 60 : 0);
    const secret = sign === 'wrong' ? 'not-the-secret' : this.signingSecret;
    const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
    const headers: Record<string, string> = { 'content-type': contentType };
    if (sign !== 'missing') {
      headers['x-slack-request-timestamp'] = String(ts);
      headers['x-slack-signature'] = signature;
    }
    const res = await fetch(`${this.appUrl}/slack/events`, { method: 'POST', headers, body });
    return { status: res.status, text: await res.text() };
  }
}

/** What the app answers a view submission with: nothing (the modal closes), or errors under its inputs. */
export interface ViewAck {
  response_action?: 'errors' | 'clear' | 'update' | 'push';
  errors?: Record<string, string>;
}
