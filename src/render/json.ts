/** JSON output: dates as ISO-8601 UTC, ObjectIds as hex strings, two-space indent. */
import type { IOStreams } from '../io.js';

export function toJson(value: unknown): string {
  return JSON.stringify(value, jsonReplacer, 2);
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
