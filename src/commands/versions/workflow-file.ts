/**
 * Reading the workflow JSON that `versions create --file` names (or stdin):
 * every way it can be wrong becomes one line saying what and where (exit 2).
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../../errors.js';
import type { IOStreams } from '../../io.js';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

function describeJsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

/** The first field name that MongoDB would take for an operator ($...), with its path. */
function operatorKey(value: unknown, path: string, depth = 0): string | null {
  if (depth > 200 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = operatorKey(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    const p = path ? `${path}.${k}` : k;
    if (k.startsWith('$')) return p;
    const found = operatorKey(v, p, depth + 1);
    if (found) return found;
  }
  return null;
}

export async function readWorkflowFile(path: string, io: IOStreams, workflowId: string): Promise<Record<string, unknown>> {
  const name = path === '-' ? 'stdin' : path;
  let text: string;
  try {
    text = path === '-' ? await readAll(io.stdin) : await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new UsageError(`cannot read --file ${name}: ${why}`, { hint: 'give the path of a JSON file, or - to read stdin' });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new UsageError(`--file ${name} is empty; expected a workflow as a JSON object`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const found = jsonErrorAt(text);
    const offset = found?.offset ?? text.length;
    const { line, column } = lineColumn(text, offset);
    const what = found?.what ?? (err as Error).message.replace(/\s*(?:in JSON )?at position \d+.*$/, '');
    throw new UsageError(`--file ${name} is not valid JSON: ${what} at line ${line}, column ${column}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`--file ${name} holds ${describeJsonType(value)}, not a JSON object; a workflow is an object such as {"name": ..., "trigger": {...}, "actions": [...]}`);
  }
  const data = value as Record<string, unknown>;
  const op = operatorKey(data, '');
  if (op) throw new UsageError(`--file ${name}: field name "${op}" starts with "$", which MongoDB reserves for operators; rename it`);
  if ('id' in data && data.id !== workflowId) {
    throw new UsageError(`--file ${name} is for workflow ${JSON.stringify(data.id)}, not "${workflowId}"`, {
      hint: 'name the workflow the file belongs to, or remove "id" from the file',
    });
  }
  const missing = missingWorkflowFields(data);
  if (missing.length > 0) {
    throw new UsageError(
      `--file ${name} is not a whole workflow: ${missing.join(', ')}; it would replace the live workflow, so it needs at least "name", "trigger" (an object) and "actions" (an array)`,
      { hint: `start from wfctl workflows show ${workflowId} --json | jq .definition` },
    );
  }
  return data;
}

/** What a workflow file lacks to replace the live workflow: "name", "trigger" (an object), "actions" (an array). */
export function missingWorkflowFields(data: Record<string, unknown>): string[] {
  const out: string[] = [];
  const need = (field: string, ok: (v: unknown) => boolean, what: string) => {
    if (!(field in data) || data[field] === null || data[field] === undefined) out.push(`missing "${field}"`);
    else if (!ok(data[field])) out.push(`"${field}" is ${describeJsonType(data[field])}, not ${what}`);
  };
  need('name', (v) => typeof v === 'string' && v.trim() !== '', 'a non-empty string');
  need('trigger', (v) => v !== null && typeof v === 'object' && !Array.isArray(v), 'an object');
  need('actions', (v) => Array.isArray(v), 'an array');
  return out;
}

/**
 * Where JSON text first goes wrong, and what was expected there: V8's
 * messages do not always give a position, and never a line.
 */
export function jsonErrorAt(text: string): { offset: number; what: string } | null {
  let i = 0;
  const fail = (what: string): never => {
    throw { offset: i, what };
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const unexpected = (expected: string) => fail(i >= text.length ? `unexpected end of input, expected ${expected}` : `unexpected ${JSON.stringify(text[i])}, expected ${expected}`);
  const str = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('bad \\u escape in a string');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail('bad escape in a string');
      } else if (text.charCodeAt(i) < 0x20) fail('control character in a string');
      i++;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
  };
  const value = (depth: number): void => {
    if (depth > 5000) fail('nesting too deep');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') unexpected('a property name in double quotes');
        str();
        ws();
        if (text[i] !== ':') unexpected('":"');
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') return void i++;
        unexpected('"," or "}"');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') return void i++;
        unexpected('"," or "]"');
      }
    }
    if (c === '"') return str();
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (lit) return void (i += lit[0].length);
    unexpected('a value');
  };
  try {
    value(0);
    ws();
    if (i < text.length) unexpected('the end of input');
    return null;
  } catch (e) {
    if (e && typeof e === 'object' && 'offset' in e) return e as { offset: number; what: string };
    throw e;
  }
}
