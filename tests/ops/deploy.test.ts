import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BackpropMetrics } from '../../src/ops/metrics.js';
import { parsePrometheus } from '../fakes/prometheus.js';

const unitFile = new URL('../../deploy/backprop.service', import.meta.url);
const alertsFile = new URL('../../deploy/alerts.yml', import.meta.url);
const hasSystemd = spawnSync('systemd-analyze', ['--version']).status === 0;

/** The unit's settings, as key → values (a key may repeat). */
function settings(text: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m) map.set(m[1]!, [...(map.get(m[1]!) ?? []), m[2]!]);
  }
  return map;
}

describe('deploy/backprop.service', () => {
  const unit = readFileSync(unitFile, 'utf8');
  const s = settings(unit);

  it.skipIf(!hasSystemd)('passes systemd-analyze verify, without a warning', () => {
    const result = spawnSync('systemd-analyze', ['verify', unitFile.pathname], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('runs npm start as an unprivileged user, restarts on failure, stops with SIGTERM, reads .env, and is hardened', () => {
    expect(s.get('ExecStart')?.[0]).toMatch(/\bnpm start\b/);
    expect(s.get('User')?.[0]).toBe('backprop');
    expect(s.get('Restart')).toEqual(['on-failure']);
    expect(s.get('KillSignal')).toEqual(['SIGTERM']);
    // npm alone gets the signal and passes it on once: a second SIGTERM would end Backprop mid-shutdown.
    expect(s.get('KillMode')).toEqual(['mixed']);
    expect(s.get('EnvironmentFile')?.[0]).toMatch(/\.env$/);
    expect(s.get('NoNewPrivileges')).toEqual(['yes']);
    expect(s.get('ProtectSystem')).toEqual(['strict']);
    expect(s.get('ReadWritePaths')?.join(' ')).toContain('/opt/backprop/data');
    expect(s.get('CapabilityBoundingSet')).toEqual(['']);
    expect(Number(s.get('TimeoutStopSec')?.[0])).toBeGreaterThan(10); // Backprop's own grace period is 10 s
  });
});

describe('deploy/alerts.yml', () => {
  const alerts = parse(readFileSync(alertsFile, 'utf8')) as {
    groups: { name: string; rules: { alert: string; expr: string; for: string; labels: { severity: string }; annotations: object }[] }[];
  };
  const rules = alerts.groups.flatMap((g) => g.rules);

  it('parses as YAML, with the expected rules', () => {
    expect(rules.map((r) => r.alert)).toEqual([
      'BackpropDown',
      'BackpropStoreUnreachable',
      'BackpropSchedulerLag',
      'BackpropErrorRate',
      'BackpropTeamNeedsAttention',
    ]);
    for (const rule of rules) {
      expect(rule.expr, rule.alert).toBeTypeOf('string');
      expect(rule.for, rule.alert).toMatch(/^\d+[smh]$/);
      expect(['critical', 'warning', 'info']).toContain(rule.labels.severity);
      expect(rule.annotations, rule.alert).toHaveProperty('summary');
    }
    const byName = Object.fromEntries(rules.map((r) => [r.alert, r]));
    expect(byName.BackpropStoreUnreachable!.for).toBe('2m');
    expect(byName.BackpropSchedulerLag!.expr).toMatch(/backprop_scheduler_lag_seconds.*> 300/);
  });

  it('names only metrics that Backprop exposes', async () => {
    const exposed = parsePrometheus(await new BackpropMetrics('memory').text()).types;
    const named = rules.flatMap((r) => [...r.expr.matchAll(/\b(backprop_[a-z_]+)/g)].map((m) => m[1]!));
    expect(named.length).toBeGreaterThan(3);
    for (const name of named) expect(exposed.has(name), name).toBe(true);
  });
});

// promtool, where installed, checks the rules as Prometheus itself would.
const hasPromtool = spawnSync('promtool', ['--version']).status === 0;
describe.skipIf(!hasPromtool)('promtool', () => {
  it('accepts the alert rules', () => {
    execFileSync('promtool', ['check', 'rules', alertsFile.pathname]);
  });
});
