import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { configProblems } from '../fakes/config-problems.js';

const problems = (env: NodeJS.ProcessEnv) => configProblems(() => loadConfig(env));

describe('METRICS_PORT and METRICS_HOST', () => {
  it('no METRICS_PORT: no metrics server; set: on 127.0.0.1 unless METRICS_HOST says otherwise', () => {
    expect(loadConfig({}).metrics).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loadConfig({ METRICS_PORT: ' 9464 ', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({ port: 9464, host: '0.0.0.0' });
    expect(loadConfig({ METRICS_PORT: '' }).metrics).toBeUndefined();
  });

  it('a bad value is refused, naming the variable', () => {
    expect(problems({ METRICS_PORT: 'http' })).toEqual(['METRICS_PORT: must be a port number from 0 to 65535, in decimal digits']);
    expect(problems({ METRICS_PORT: '0x10' })).toEqual(['METRICS_PORT: must be a port number from 0 to 65535, in decimal digits']);
    expect(problems({ METRICS_PORT: '70000' })).toEqual(['METRICS_PORT: must be from 0 to 65535']);
    expect(problems({ METRICS_PORT: '9464', METRICS_HOST: 'my host/metrics' })).toEqual([
      'METRICS_HOST: must be an address to listen on, for example 127.0.0.1 or 0.0.0.0',
    ]);
  });

  it('in Slack HTTP mode it may not be the PORT Slack listens on (in Socket Mode it may)', () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
    const clash =
      "METRICS_PORT: is 3000, the PORT Slack's HTTP server listens on: choose another port, or unset METRICS_PORT to serve /metrics on PORT";
    expect(problems({ ...slack, METRICS_PORT: '3000' })).toEqual([clash]);
    expect(problems({ ...slack, METRICS_PORT: '8080', PORT: '8080' })).toEqual([clash.replace('3000', '8080')]);
    expect(loadConfig({ ...slack, METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loadConfig({ ...slack, METRICS_PORT: '0', PORT: '0' }).metrics?.port).toBe(0);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', METRICS_PORT: '3000' }).metrics?.port).toBe(3000);
  });
});
