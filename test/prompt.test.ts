import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { createIOStreams } from '../src/io.js';
import { askConfirm, askText } from '../src/prompt.js';

function io(tty: boolean) {
  const s = () => Object.assign(new PassThrough(), { isTTY: tty });
  return createIOStreams({ stdout: s(), stderr: s(), stdin: s(), env: {} });
}

describe('prompts', () => {
  it('refuse without a terminal, naming the flag that answers instead (exit 2)', async () => {
    const err = await askConfirm(io(false), 'Roll back?', { flag: '--yes', purpose: 'confirm the rollback' }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(UsageError);
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe('confirm the rollback: not asking, since stdin or stdout is not a terminal; pass --yes');
    await expect(askText(io(false), 'Reason?', { flag: '--reason', purpose: 'a reason is required' })).rejects.toThrow(
      /pass --reason/,
    );
  });
});
