/**
 * What `audit verify --reconcile` says of erasures (called from reconcile.ts, one place): records
 * erased since the export are counted as erased, not as tampering; a record of an erased subject
 * that differs otherwise is a problem; without the key an erasure is noted but cannot be decided.
 */
import { UsageError } from '../../../errors.js';
import type { DataSource } from '../../core/connection.js';
import type { VerifyProblem } from '../export/verify.js';
import { readExportManifest } from '../export/verify.js';
import { erasedSinceExport } from './erased-records.js';
import type { PseudonymKey } from './pseudonym.js';

export class ErasureFindings {
  constructor(
    /** ids of the files' records erased since the export */
    readonly ids: ReadonlySet<string>,
    /** audit_erased events in the database */
    readonly erasures: number,
    readonly keyMissing: boolean,
    readonly problems: VerifyProblem[],
  ) {}

  get records(): number {
    return this.ids.size;
  }

  /** One line for people, or null when there is nothing to say. */
  summary(): string | null {
    if (this.ids.size > 0)
      return `${this.ids.size} record${this.ids.size === 1 ? ' was' : 's were'} erased since export (identifying values pseudonymised under the key; the files hold them as exported)`;
    if (this.keyMissing && this.erasures > 0)
      return `the database records ${this.erasures} erasure${this.erasures === 1 ? '' : 's'} (audit_erased); set WFCTL_PSEUDONYM_KEY_FILE to tell erased records in these files`;
    return null;
  }

  toJSON(): { records: number; ids: string[]; erasures: number; keyMissing: boolean } {
    return {
      records: this.ids.size,
      ids: [...this.ids].slice(0, 20),
      erasures: this.erasures,
      keyMissing: this.keyMissing,
    };
  }
}

export async function erasureFindings(
  ds: DataSource,
  files: string[],
  key: PseudonymKey | undefined,
): Promise<ErasureFindings> {
  for (const f of files) {
    if (((await readExportManifest(f)) as { subject?: unknown }).subject !== undefined)
      throw new UsageError(`${f} is a subject export (audit subject): --reconcile compares audit export files`, {
        hint: 'compare a subject export by running wfctl audit subject again',
      });
  }
  const found = await erasedSinceExport(ds, files, key);
  const problems: VerifyProblem[] = [];
  if (found.altered.length > 0)
    problems.push({
      kind: 'database',
      message: `${found.altered.length} record${found.altered.length === 1 ? '' : 's'} of an erased subject ${found.altered.length === 1 ? 'differs' : 'differ'} from the files by more than pseudonyms: ${found.altered.slice(0, 20).join(', ')}${found.altered.length > 20 ? ', ...' : ''} (altered after the export)`,
    });
  return new ErasureFindings(found.erased, found.erasures, found.keyMissing, problems);
}
