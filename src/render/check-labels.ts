/** How check output names a workflow: its name and a short id, the name escaped for a terminal or a log. */
import type { CheckResult, WorkflowFigure } from '../data/metrics/index.js';
import { escapeControls } from '../quote.js';

/** The first 8 characters of an ObjectId's hex (enough to tell apart and to type: 6+ is accepted); another id whole. */
export function shortId(id: string): string {
  return /^[0-9a-f]{24}$/i.test(id) ? id.slice(0, 8) : id;
}

/** "Invoices (6b0e7c92)", or the short id alone for a workflow without a name; control characters escaped. */
export function workflowLabel(id: string, name: string | null, idForm: 'short' | 'full' = 'short'): string {
  const shown = idForm === 'short' ? shortId(id) : id;
  return name !== null && name !== '' && name !== id ? `${escapeControls(name)} (${shown})` : shown;
}

/**
 * The workflows a breached check names: for success-rate those under the
 * minimum on their own, for a count (failures, rollbacks) those that have any.
 * None when the check is not breached.
 */
export function workflowsNamedInBreach(r: CheckResult): WorkflowFigure[] {
  if (r.outcome !== 'breached') return [];
  return (r.workflows ?? []).filter((f) => (r.check === 'success-rate' ? f.outcome === 'breached' : (f.value ?? 0) > 0));
}

/** "Invoices (6b0e7c92ed9c955c3bbc0001)" as stored, for formats that escape on their own (JUnit, annotations). */
export function rawWorkflowLabel(id: string, name: string | null): string {
  return name !== null && name !== '' && name !== id ? `${name} (${id})` : id;
}
