import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src/app/dispatcher.js';
import { Health } from '../../src/app/health.js';
import { encodeAction } from '../../src/core/actions.js';
import type { Store } from '../../src/core/ports/store.js';
import { StoreUnavailable, UserError } from '../../src/core/shared/errors.js';
import { BackpropMetrics } from '../../src/ops/metrics.js';
import { Operations } from '../../src/ops/operations.js';
import { countingStoreFailures } from '../../src/ops/store-metrics.js';
import { configure, createRig, member, rightLetter, TEAM } from '../fakes/engine.js';
import { MemoryLogger } from '../fakes/logger.js';
import { idLikeLabels, parsePrometheus, seriesValue } from '../fakes/prometheus.js';

describe('the strict Prometheus parser used by these tests', () => {
  it('refuses what a Prometheus server would', () => {
    const bad = [
      'a_total 1', // no final newline
      'a total 1\n',
      'a{x=1} 1\n',
      'a{x="1",x="2"} 1\n',
      'a{x="1} 1\n',
      'a 1 2 3\n',
      'a one\n',
      'a{x="\\q"} 1\n',
      '# TYPE a counter\na -1\n',
      '# TYPE a counter\n# TYPE a counter\na 1\n',
      'a 1\n# TYPE a counter\n',
      'a{x="1"} 1\nb 1\na{x="2"} 1\n',
      'a 1\na 2\n',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
      '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n',
      '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n',
    ];
    for (const text of bad) expect(() => parsePrometheus(text), JSON.stringify(text)).toThrow();
    const good = parsePrometheus(
      '# HELP a_total A.\n# TYPE a_total counter\na_total{x="a \\"b\\" \\\\ \\n"} 1.5e3\nb NaN\nc +Inf 1700000000\n',
    );
    expect(seriesValue(good, 'a_total')).toBe(1500);
    expect(good.samples[0]!.labels.x).toBe('a "b" \\ \n');
  });

  it('finds ids in label values', () => {
    const text = 'a{team="1200000000000000001"} 1\nb{channel="C0GENERAL1"} 1\nc{who="ann"} 1\nd{platform="discord"} 1\n';
    expect(idLikeLabels(parsePrometheus(text), ['ann'])).toEqual([
      'a{team="1200000000000000001"}',
      'b{channel="C0GENERAL1"}',
      'c{who="ann"}',
    ]);
  });
});

describe('metrics of one process', () => {
  it('counts events by platform, kind and outcome and times them by store, with no id in any label', async () => {
    const metrics = new BackpropMetrics('memory');
    const rig = createRig();
    const dispatcher = new Dispatcher(rig.engine, rig.log, new Health(rig.log), metrics);
    await configure(rig, TEAM, { channelId: 'daily' });
    const { daily } = (await rig.engine.dailies.post(TEAM, 'daily', { extra: false }))!;
    const click = (who: string) =>
      dispatcher.handle({
        kind: 'action',
        member: member(who),
        channelId: 'daily',
        actionId: encodeAction({ ns: 'daily', verb: 'answer', dailyId: daily.id, letter: rightLetter(daily.order) }),
      });
    await click('ann');
    await click('ann'); // already answered: the member's mistake
    await dispatcher.handle({ kind: 'text', member: member('bob'), channelId: 'daily', group: 'quiz', text: 'help' });
    // Commands refused as typed: an unknown one, a bad option, an admin's by a member. The member's mistakes.
    for (const [group, text] of [
      ['quiz', 'bogus'],
      ['quiz', 'start count=0'],
      ['quiz-admin', 'post'],
    ] as const)
      await dispatcher.handle({ kind: 'text', member: member('bob'), channelId: 'daily', group, text });
    await dispatcher.handle({ kind: 'submit', member: member('bob'), channelId: 'daily', actionId: 'nonsense', text: 'x' });
    await dispatcher.close();
    await click('cat'); // refused while stopping

    const out = parsePrometheus(await metrics.text());
    const events = (kind: string, outcome: string) => seriesValue(out, 'backprop_events_total', { platform: 'shell', kind, outcome });
    expect(events('button', 'ok')).toBe(1);
    expect(events('button', 'user_error')).toBe(1);
    expect(events('button', 'refused_stopping')).toBe(1);
    expect(events('command', 'ok')).toBe(1);
    expect(events('command', 'user_error')).toBe(3);
    expect(events('form', 'ok')).toBe(1);
    expect(seriesValue(out, 'backprop_answer_latency_seconds_count', { store: 'memory' })).toBe(8);
    expect(out.types.get('backprop_answer_latency_seconds')).toBe('histogram');
    // Node's default process metrics are there too.
    expect(out.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(out.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(idLikeLabels(out, [TEAM.teamId, 'ann', 'bob', 'cat', 'daily', daily.id])).toEqual([]);
  });

  it('counts store operations that fail: an outage as unreachable, a backend error as error, a member’s mistake not at all', async () => {
    const metrics = new BackpropMetrics('memory');
    const rig = createRig();
    const failing = new Proxy(rig.store, {
      get(target, property, receiver) {
        if (property === 'get') return () => Promise.reject(new StoreUnavailable(new Error('ECONNRESET')));
        if (property === 'claim') return () => Promise.reject(new Error('SQLITE_CORRUPT'));
        return Reflect.get(target, property, receiver);
      },
    });
    const store: Store = countingStoreFailures(failing, (operation, reason) => metrics.storeFailed(operation, reason));
    await expect(store.get('k')).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(store.get('k')).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(store.claim('k', 'v')).rejects.toThrow('SQLITE_CORRUPT');
    await expect(
      store.updateDoc('k', () => {
        throw new UserError('bad-input', 'no');
      }),
    ).rejects.toBeInstanceOf(UserError);
    await store.set('fine', 1);
    expect(store.kind).toBe('memory');
    const out = parsePrometheus(await metrics.text());
    expect(seriesValue(out, 'backprop_store_errors_total', { operation: 'get', reason: 'unreachable' })).toBe(2);
    expect(seriesValue(out, 'backprop_store_errors_total', { operation: 'claim', reason: 'error' })).toBe(1);
    expect(seriesValue(out, 'backprop_store_errors_total')).toBe(3);
  });
});

describe('/healthz and /readyz', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it('503 with the reason while starting, with the store down, with a platform cut, and while stopping; 200 when serving', async () => {
    const log = new MemoryLogger();
    let storeUp = true;
    const health = new Health(log);
    health.watch({ ping: () => (storeUp ? Promise.resolve() : Promise.reject(new Error('ECONNREFUSED'))) } as Pick<Store, 'ping'> as Store);
    let now = 0;
    const ops = new Operations(new BackpropMetrics('redis'), health, log, () => now);
    close = await ops.listen({ host: '127.0.0.1', port: 0 });
    const url = (log.lines.find((l) => l.msg?.startsWith('metrics, health'))!.obj as { url: string }).url;
    const get = async (path: string) => {
      const res = await fetch(`${url}${path}`);
      return { status: res.status, body: await res.text() };
    };

    expect(await get('/readyz')).toEqual({ status: 503, body: JSON.stringify({ ready: false, reasons: ['starting up'] }) });
    health.setPlatform('discord', true);
    health.setPhase('serving');
    expect((await get('/readyz')).status).toBe(200);
    storeUp = false;
    now += 1001; // past the one-second reuse of a ping's answer
    expect(await get('/readyz')).toEqual({ status: 503, body: JSON.stringify({ ready: false, reasons: ['the store does not answer'] }) });
    expect(await get('/healthz')).toEqual({ status: 200, body: '{"alive":true}' });
    expect(seriesValue(parsePrometheus((await get('/metrics')).body), 'backprop_store_up')).toBe(0);
    storeUp = true;
    now += 1001;
    expect((await get('/readyz')).status).toBe(200);
    health.setPlatform('discord', false);
    expect(JSON.parse((await get('/readyz')).body).reasons).toEqual(['discord is not connected']);
    health.setPlatform('discord', true);
    health.setPhase('stopping');
    expect(JSON.parse((await get('/readyz')).body)).toEqual({ ready: false, reasons: ['shutting down'] });
    expect((await get('/nope')).status).toBe(404);
    expect((await fetch(`${url}/metrics`, { method: 'POST' })).status).toBe(405);
    health.stop();
  });

  it('names the variable when the port is taken', async () => {
    const log = new MemoryLogger();
    const ops = new Operations(new BackpropMetrics('memory'), new Health(log), log);
    close = await ops.listen({ host: '127.0.0.1', port: 0 });
    const { url } = log.lines.at(-1)!.obj as { url: string };
    await expect(ops.listen({ host: '127.0.0.1', port: Number(new URL(url).port) })).rejects.toThrow(
      /METRICS_PORT: port \d+ on 127.0.0.1 is already in use/,
    );
  });
});
