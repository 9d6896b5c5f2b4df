/** Ctrl-C's one rule (src/interrupt.ts), without a real signal: the spawned-process tests are in test/commands/audit/export.test.ts. */
import { describe, expect, it } from 'vitest';
import { Interrupts } from '../src/interrupt.js';

function interrupts() {
  const said: string[] = [];
  const exits: number[] = [];
  return {
    said,
    exits,
    i: new Interrupts(
      (t) => said.push(t),
      (code) => exits.push(code),
    ),
  };
}

describe('Ctrl-C', () => {
  it('with nothing to clean up: "stopping...", then exit 130 at once', () => {
    const { said, exits, i } = interrupts();
    i.interrupt();
    expect(said).toEqual(['stopping...\n']);
    expect(exits).toEqual([130]);
    expect(i.stopping).toBe(true);
  });

  it('with a registered stop: calls it and leaves the exit to the command; a second Ctrl-C exits at once', () => {
    const { said, exits, i } = interrupts();
    let stopped = 0;
    const unregister = i.onInterrupt(() => stopped++);
    i.interrupt();
    expect([said, exits, stopped]).toEqual([['stopping...\n'], [], 1]);
    i.interrupt();
    expect(exits).toEqual([130]);
    unregister();
  });

  it('an unregistered stop is not called', () => {
    const { exits, i } = interrupts();
    let stopped = 0;
    i.onInterrupt(() => stopped++)();
    i.interrupt();
    expect([stopped, exits]).toEqual([0, [130]]);
  });

  it("while a child program holds the terminal (the pager), Ctrl-C is the child's", async () => {
    const { said, exits, i } = interrupts();
    await i.whileChildRuns(async () => i.interrupt());
    expect([said, exits, i.stopping]).toEqual([[], [], false]);
    i.interrupt();
    expect(exits).toEqual([130]);
  });
});
