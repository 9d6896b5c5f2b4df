/**
 * Issue 20.2: no V8 flag is changed at run time (Node documents
 * v8.setFlagsFromString after start-up as unsupported).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('V8 flags', () => {
  it('no source file calls setFlagsFromString', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((f) => readFileSync(f, 'utf8').includes('setFlagsFromString'))).toEqual([]);
  });
});
