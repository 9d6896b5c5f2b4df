import { describe, expect, it } from 'vitest';
import { resolveConnectionConfig, resolveIdentityMode } from '../src/config.js';
import { UsageError } from '../src/errors.js';

describe('the identity mode', () => {
  it('--identity, else WFCTL_IDENTITY, else the configuration file, else record', () => {
    const file = { value: 'strict', source: 'context "prod"' };
    expect(resolveIdentityMode('record', { WFCTL_IDENTITY: 'strict' }, file)).toEqual(['record', '--identity']);
    expect(resolveIdentityMode(undefined, { WFCTL_IDENTITY: 'record' }, file)).toEqual(['record', 'WFCTL_IDENTITY']);
    expect(resolveIdentityMode(undefined, {}, file)).toEqual(['strict', 'context "prod"']);
    expect(resolveIdentityMode(undefined, {})).toEqual(['record', 'default']);
    // an unset variable (empty) is not a setting
    expect(resolveIdentityMode(undefined, { WFCTL_IDENTITY: '' })).toEqual(['record', 'default']);
  });

  it('an unknown value is exit 2 naming where it came from and what is accepted', () => {
    for (const [env, file, message] of [
      [
        { WFCTL_IDENTITY: 'Strict' },
        undefined,
        'WFCTL_IDENTITY="Strict" is not an identity mode; accepted: record, strict',
      ],
      [{}, { value: 'on', source: 'context "prod"' }, 'context "prod"="on" is not an identity mode'],
    ] as const) {
      let err: unknown;
      try {
        resolveIdentityMode(undefined, env, file);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toContain(message);
    }
  });

  it('the configuration carries the mode and where the declared user came from', () => {
    const c = resolveConnectionConfig({ as: 'ann' }, { WFCTL_IDENTITY: 'strict' });
    expect([c.identity, c.identitySource, c.user, c.userSource]).toEqual(['strict', 'WFCTL_IDENTITY', 'ann', '--as']);
    expect(resolveConnectionConfig({ user: 'ann' }, {}).userSource).toBe('--user');
    expect(resolveConnectionConfig({}, { WFCTL_USER: 'bob' }).userSource).toBe('WFCTL_USER');
    expect(resolveConnectionConfig({}, {}).userSource).toBe('os');
    expect(resolveConnectionConfig({}, {}).identity).toBe('record');
  });
});
