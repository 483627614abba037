import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config.js';
import { LayoutTooNew } from '../src/core/upgrades/layout.js';
import { startFailure } from '../src/start-failure.js';
import { StoreOpenError } from '../src/store/open-error.js';

describe('what npm start prints when start-up fails', () => {
  it('an operator’s mistake: its message alone, naming what to fix, without a stack', () => {
    const store = new StoreOpenError('cannot reach Redis at redis://127.0.0.1:1 (ECONNREFUSED)', 'STORE_URL', { cause: new Error('x') });
    expect(startFailure(store)).toBe('backprop: STORE_URL: cannot reach Redis at redis://127.0.0.1:1 (ECONNREFUSED)\n');
    expect(startFailure(new ConfigError(['DEFAULT_PACK: "nope" is not a pack']))).toBe(
      'backprop: invalid configuration:\n  - DEFAULT_PACK: "nope" is not a pack\n',
    );
    expect(startFailure(new LayoutTooNew('the store was written by a newer Backprop'))).toBe(
      'backprop: STORE_URL: the store was written by a newer Backprop\n',
    );
  });

  it('a bug keeps its stack, for the report', () => {
    const text = startFailure(new TypeError('cannot read properties of undefined'));
    expect(text).toMatch(/^backprop: failed to start: TypeError: cannot read properties of undefined\n\s+at /);
  });
});
