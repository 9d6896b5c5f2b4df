import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandReference } from '../../scripts/gen-docs.js';
import { ROOT } from '../support/cli.js';

describe('docs/commands.md', () => {
  it("is every command's --help as the code prints it (npm run docs rewrites it)", () => {
    const committed = readFileSync(resolve(ROOT, 'docs/commands.md'), 'utf8');
    const generated = commandReference();
    expect(generated).toContain('## wfctl audit export');
    expect(committed, 'docs/commands.md is out of date: run `npm run docs`').toBe(generated);
  });
});
