/** How check output names a workflow: its name and a short id, the name escaped for a terminal or a log. */
import type { CheckResult, WorkflowFigure } from '../data/metrics/index.js';
import { escapeControls } from '../quote.js';

/**
 * Short ids for a set of workflow ids: the first 8 hex characters of each
 * ObjectId, more when two of the set share them (ObjectIds made in the same
 * second by one process differ only near the end), as git abbreviates; other
 * ids whole.
 */
export function shortIds(ids: Iterable<string>): (id: string) => string {
  const hex = [...new Set([...ids].filter((id) => /^[0-9a-f]{24}$/i.test(id)).map((id) => id.toLowerCase()))];
  let length = 8;
  while (length < 24 && new Set(hex.map((id) => id.slice(0, length))).size < hex.length) length++;
  return (id) => (/^[0-9a-f]{24}$/i.test(id) ? id.slice(0, length) : id);
}

/** Every workflow id a report names (its checks' and their workflows'). */
export function idsOf(results: CheckResult[]): string[] {
  return results.flatMap((r) => [...(r.workflow ? [r.workflow] : []), ...(r.workflows ?? []).map((f) => f.workflow)]);
}

/** "Invoices (6b0e7c92)", or the short id alone for a workflow without a name; control characters escaped. */
export function workflowLabel(id: string, name: string | null, short: (id: string) => string): string {
  return name !== null && name !== '' && name !== id ? `${escapeControls(name)} (${short(id)})` : short(id);
}

/**
 * The workflows a breached check names: for success-rate those under the
 * minimum on their own, for a count (failures, rollbacks) those that have any.
 * None when the check is not breached.
 */
export function workflowsNamedInBreach(r: CheckResult): WorkflowFigure[] {
  if (r.outcome !== 'breached') return [];
  return (r.workflows ?? []).filter((f) =>
    r.check === 'success-rate' ? f.outcome === 'breached' : (f.value ?? 0) > 0,
  );
}

/** "Invoices (6b0e7c92ed9c955c3bbc0001)" as stored, for formats that escape on their own (JUnit, annotations). */
export function rawWorkflowLabel(id: string, name: string | null): string {
  return name !== null && name !== '' && name !== id ? `${name} (${id})` : id;
}
