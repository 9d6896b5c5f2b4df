/** What the rollback prints about a workflow: its title, the question, and an undo command a shell reads back exactly. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellWord, shortId, undoCommand, workflowTitle } from '../../../src/commands/versions/rollback-print.js';

describe('the workflow as the rollback names it', () => {
  it('name and short id; an ObjectId is cut to 8 hex digits, any other id is whole', () => {
    expect(workflowTitle({ id: '6ade4a53c1f2e3d4a5b6c7d8', name: 'Fraud screening' })).toBe(
      '"Fraud screening" (6ade4a53)',
    );
    expect(workflowTitle({ id: 'wf-rb', name: 'Workflow wf-rb' })).toBe('"Workflow wf-rb" (wf-rb)');
    expect(workflowTitle({ id: 'wf-rb', name: 'wf-rb' })).toBe('"wf-rb"');
    expect(shortId('6ADE4A53C1F2E3D4A5B6C7D8')).toBe('6ADE4A53');
  });

  it('a hostile name cannot move the cursor or change colours, and a long one is cut', () => {
    const title = workflowTitle({ id: 'wf-x', name: 'Fraud\u001b[2J\u001b[31m screening\nnext line' });
    expect(title).toBe('"Fraud\\e[2J\\e[31m screening\\nnext line" (wf-x)');
    expect(workflowTitle({ id: 'wf-x', name: 'n'.repeat(500) })).toMatch(/^"n{40}…" \(500 characters\) \(wf-x\)$/);
    expect(shortId('wf\u0007bell')).toBe('wf\\u0007bell');
  });
});

describe('the undo command', () => {
  it('names the workflow by id and the version it replaced', () => {
    expect(undoCommand({ workflow: { id: '6ade4a53c1f2e3d4a5b6c7d8', name: 'Fraud screening' }, from: 12 })).toBe(
      'wfctl rollback 6ade4a53c1f2e3d4a5b6c7d8 --to 12',
    );
    expect(undoCommand({ workflow: { id: 'wf', name: 'x' }, from: null })).toBeNull();
  });

  it('quotes an id so that a shell reads it back exactly', () => {
    const ids = [
      'wf-rb',
      'wf rb',
      "it's",
      '{"$where":"1"}',
      'a;rm -rf ~',
      '$(reboot)',
      '`x`',
      'tab\there',
      'new\nline',
      'esc\u001bx',
      'back\\slash',
      'ünïcode',
    ];
    for (const id of ids) {
      const word = shellWord(id);
      // printed on a terminal: nothing it would act on
      expect(word, id).not.toMatch(/[\u0000-\u001f\u007f]/);
      expect(execFileSync('bash', ['-c', `printf %s ${word}`], { encoding: 'utf8' }), id).toBe(id);
    }
    expect(shellWord('6ade4a53c1f2e3d4a5b6c7d8')).toBe('6ade4a53c1f2e3d4a5b6c7d8');
    expect(shellWord('wf rb')).toBe("'wf rb'");
  });
});
