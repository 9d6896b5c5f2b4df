import type { CommandContext } from '../../context.js';
import { exportSubjectRecords, type SubjectExportResult } from '../../data/audit/index.js';
import { UsageError } from '../../errors.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';

export interface AuditSubjectInput {
  user: string;
  output: string | undefined;
  format: 'ndjson' | 'json';
  mode?: number;
}

export async function runAuditSubject(input: AuditSubjectInput, ctx: CommandContext): Promise<SubjectExportResult> {
  if (input.output === undefined || input.output === '-')
    throw new UsageError('audit subject needs --output FILE: the export is a file with its manifest beside it', {
      hint: 'e.g. wfctl audit subject alice -o alice.ndjson',
    });
  const hmacKey = ctx.env.WFCTL_EXPORT_HMAC_KEY;
  if (hmacKey) ctx.keychain.register(hmacKey);
  const ds = await ctx.dataSource({ writes: true });
  return exportSubjectRecords(ds, {
    subject: input.user,
    output: input.output,
    format: input.format,
    actor: ctx.actor(),
    ...(hmacKey ? { hmacKey } : {}),
    ...(input.mode !== undefined ? { mode: input.mode } : {}),
  });
}

export function printAuditSubject(r: SubjectExportResult, io: IOStreams, json: boolean): void {
  if (json) {
    printJson(io, r);
    return;
  }
  const per = Object.entries(r.collections)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  io.note(
    `Wrote ${r.records} record${r.records === 1 ? '' : 's'} naming ${r.subject} to ${r.file}${per ? ` (${per})` : ''}, manifest ${r.manifest}\n`,
  );
}
