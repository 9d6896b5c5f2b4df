import type { CommandContext } from '../../context.js';
import { pseudonymOf } from '../../data/audit/index.js';
import { UsageError } from '../../errors.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { pseudonymKeyFor } from './pseudonym-key.js';

export interface AuditHashResult {
  value: string;
  pseudonym: string;
}

export async function runAuditHash(
  input: { value: string; keyFile: string | undefined },
  ctx: CommandContext,
): Promise<AuditHashResult> {
  if (input.value === '') throw new UsageError('the value is empty; give the user id, address or agent to hash');
  const key = (await pseudonymKeyFor(input.keyFile, ctx))!;
  return { value: input.value, pseudonym: pseudonymOf(key, input.value) };
}

export function printAuditHash(r: AuditHashResult, io: IOStreams, json: boolean): void {
  if (json) printJson(io, r);
  else io.out(`${r.pseudonym}\n`);
}
