/**
 * GitHub Actions workflow commands for check results, printed on stderr when
 * GITHUB_ACTIONS=true: `::error title=...::message` for a breach,
 * `::warning title=...::message` for too few runs to judge, so the run's
 * summary names what breached. GitHub's escaping: in the message (data),
 * % as %25, CR as %0D, LF as %0A; in a property (title) also : as %3A and
 * , as %2C. Other control characters are written as visible escapes.
 */
import type { CheckResult } from '../data/metrics/index.js';
import { escapeControls } from '../quote.js';
import { rawWorkflowLabel, workflowsNamedInBreach } from './check-labels.js';

export function escapeAnnotationData(text: string): string {
  return escapeControls(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

export function escapeAnnotationProperty(text: string): string {
  return escapeAnnotationData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One line per breached or undecided check (the workflows that breached named in it), none for ok. */
export function renderAnnotations(results: CheckResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    if (r.outcome === 'ok') continue;
    const title = `wfctl check ${r.check}${r.workflow ? ` ${rawWorkflowLabel(r.workflow, r.workflowName)}` : ''}`;
    const named = workflowsNamedInBreach(r).map((f) => `${rawWorkflowLabel(f.workflow, f.workflowName)}: ${f.message}`);
    const kind = r.outcome === 'breached' ? 'error' : 'warning';
    lines.push(
      `::${kind} title=${escapeAnnotationProperty(title)}::${escapeAnnotationData([r.message, ...named].join('; '))}`,
    );
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
