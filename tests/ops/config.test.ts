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
});
