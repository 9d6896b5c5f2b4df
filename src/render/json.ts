/**
 * JSON output: two-space indent; dates as ISO-8601 UTC and ObjectIds as hex
 * strings in wfctl's own fields; stored documents (a workflow's definition, a
 * version's data and diff) as MongoDB Extended JSON v2, so that every BSON
 * type survives (`StoredDocument` marks them).
 */
import type { IOStreams } from '../io.js';
import type { EjsonMode } from '../data/core/index.js';

/**
 * A value printed as Extended JSON inside a JSON result: relaxed by default,
 * canonical on request (`--json-format canonical`), as mongoexport prints it.
 */
export class StoredDocument {
  constructor(
    readonly value: unknown,
    readonly mode: EjsonMode = 'relaxed',
  ) {}

  /** For JSON.stringify outside printJson (tests, libraries): relaxed Extended JSON as plain JSON. */
  toJSON(): unknown {
    return JSON.parse(this.text(0)) as unknown;
  }

  text(indent: number): string {
    // loaded with the result it marks: only commands that read documents construct one
    return extendedJson(this.value, this.mode, indent);
  }
}

let extendedJson: (value: unknown, mode: EjsonMode, indent: number) => string = () => {
  throw new Error('loadExtendedJson() must run before a StoredDocument is printed');
};

/** Loads the Extended JSON writer (and with it the driver's BSON classes); commands that print stored documents call it. */
export async function loadExtendedJson(): Promise<void> {
  const { toExtendedJson } = await import('../data/core/index.js');
  extendedJson = (value, mode, indent) => toExtendedJson(value, { mode, indent });
}

const MARK = '\u0000wfctl-ejson:';

export function toJson(value: unknown): string {
  const docs: StoredDocument[] = [];
  const text = JSON.stringify(
    value,
    function replacer(this: unknown, key: string, v: unknown): unknown {
      // JSON.stringify calls toJSON before the replacer: look at the holder's own value
      const own = (this as Record<string, unknown> | undefined)?.[key];
      if (own instanceof StoredDocument) {
        docs.push(own);
        return `${MARK}${docs.length - 1}`;
      }
      return jsonReplacer.call(this, key, v);
    },
    2,
  );
  if (docs.length === 0) return text;
  // each mark is a whole JSON string on its line; the document is laid out at that line's indent
  return text.replace(/^( *)(.*?)"\\u0000wfctl-ejson:(\d+)"/gm, (_m, indent: string, before: string, i: string) => {
    const doc = docs[Number(i)]!.text(2).replace(/\n/g, `\n${indent}`);
    return `${indent}${before}${doc}`;
  });
}

export function printJson(io: IOStreams, value: unknown): void {
  io.out(`${toJson(value)}\n`);
}

export function jsonReplacer(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value && typeof value === 'object' && (value as { _bsontype?: string })._bsontype === 'ObjectId') {
    return (value as { toHexString(): string }).toHexString();
  }
  return value;
}
