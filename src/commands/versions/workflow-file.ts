/**
 * Reading the workflow that `versions create --file` names (or stdin), as
 * MongoDB Extended JSON so that every BSON type is kept: every way it can be
 * wrong becomes one line saying what and where (exit 2), before anything is
 * written.
 */
import { open } from 'node:fs/promises';
import { UsageError } from '../../errors.js';
import type { IOStreams } from '../../io.js';
import { isPlainObject } from '../../data/core/index.js';
import { quoteInput } from '../../quote.js';

/** MongoDB's document limit: a larger file cannot become a version. */
export const MAX_WORKFLOW_FILE_BYTES = 16 * 1024 * 1024;

async function readAll(stream: NodeJS.ReadableStream, name: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > MAX_WORKFLOW_FILE_BYTES) throw tooLarge(name, size, true);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function tooLarge(name: string, bytes: number, atLeast = false): UsageError {
  const mb = (bytes / 1024 / 1024).toFixed(1);
  return new UsageError(
    `--file ${name} is ${atLeast ? 'more than ' : ''}${mb} MB; a workflow is one MongoDB document, which may not exceed 16 MB`,
  );
}

/** A regular file, read whole; a FIFO, device or folder is refused rather than waited on. */
async function readRegularFile(path: string): Promise<Buffer> {
  // O_NONBLOCK: opening a FIFO without a writer would otherwise block forever
  const { constants } = await import('node:fs');
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : (err as Error).message;
    throw new UsageError(`cannot read --file ${path}: ${why}`, {
      hint: 'give the path of a JSON file, or - to read stdin',
    });
  }
  try {
    const st = await fh.stat();
    if (st.isDirectory())
      throw new UsageError(`cannot read --file ${path}: it is a folder`, {
        hint: 'give the path of a JSON file, or - to read stdin',
      });
    if (!st.isFile()) {
      throw new UsageError(`--file ${path} is not a regular file (a FIFO, device or socket)`, {
        hint: 'give a file, or pipe into --file - (stdin)',
      });
    }
    if (st.size > MAX_WORKFLOW_FILE_BYTES) throw tooLarge(path, st.size);
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (isPlainObject(v)) return 'an object';
  if (typeof v === 'object') return `a ${String((v as { _bsontype?: unknown })._bsontype ?? 'value')}`;
  return `a ${typeof v}`;
}

/**
 * The file's text. Invalid UTF-8 is refused, naming where (Buffer's decoding would put U+FFFD in
 * its place and store that); a leading byte order mark is skipped, as JSON tools do.
 */
function decodeUtf8(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(
      `--file ${name} is not valid UTF-8 at byte offset ${invalidUtf8Offset(bytes)}; save it as UTF-8`,
      {
        hint: 'iconv -f latin1 -t utf-8 converts a Latin-1 file',
      },
    );
  }
}

/**
 * Where the first ill-formed sequence starts (Unicode table 3-7: no overlong forms, no
 * surrogates, nothing past U+10FFFF, no truncated sequence); -1 when there is none.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // the length, and the range of the second byte (later ones are 80..BF)
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 3;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 4;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    if (i + n > bytes.length) return i;
    const second = bytes[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k < n; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += n;
  }
  return -1;
}

export async function readWorkflowFile(
  path: string,
  io: IOStreams,
  workflowId: string,
): Promise<Record<string, unknown>> {
  const name = path === '-' ? 'stdin' : path;
  const text = decodeUtf8(path === '-' ? await readAll(io.stdin, name) : await readRegularFile(path), name);
  if (text.trim() === '') throw new UsageError(`--file ${name} is empty; expected a workflow as a JSON object`);
  const { parseExtendedJson, ExtendedJsonSyntaxError } = await import('../../data/core/index.js');
  let value: unknown;
  try {
    value = parseExtendedJson(text);
  } catch (err) {
    if (err instanceof ExtendedJsonSyntaxError)
      throw new UsageError(`--file ${name} is not valid (Extended) JSON: ${err.message}`);
    throw err;
  }
  if (!isPlainObject(value)) {
    throw new UsageError(
      `--file ${name} holds ${describeType(value)}, not a JSON object; a workflow is an object such as {"name": ..., "trigger": {...}, "actions": [...]}`,
    );
  }
  const data = value;
  const dotted = Object.keys(data).find((k) => k.includes('.'));
  if (dotted !== undefined) {
    throw new UsageError(
      `--file ${name}: top-level field name ${JSON.stringify(dotted.slice(0, 60))} contains ".", which an update of custom_workflows would read as a path; rename it`,
    );
  }
  if ('id' in data && data.id !== workflowId) {
    throw new UsageError(
      `--file ${name} is for workflow ${JSON.stringify(String(data.id)).slice(0, 80)}, not ${quoteInput(workflowId)}`,
      {
        hint: 'name the workflow the file belongs to, or remove "id" from the file',
      },
    );
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
    if (!(field in data) || data[field] === null || data[field] === undefined) out.push(`missing ${quoteInput(field)}`);
    else if (!ok(data[field])) out.push(`${quoteInput(field)} is ${describeType(data[field])}, not ${what}`);
  };
  need('name', (v) => typeof v === 'string' && v.trim() !== '', 'a non-empty string');
  need('trigger', (v) => isPlainObject(v), 'an object');
  need('actions', (v) => Array.isArray(v), 'an array');
  return out;
}
