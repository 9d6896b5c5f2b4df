/**
 * Check results as JUnit XML, the report format GitHub (through test-report
 * actions), GitLab (artifacts:reports:junit) and Jenkins (the junit step)
 * read: <testsuites> with one <testsuite name="wfctl check KIND"> per kind of
 * check, one <testcase> per check and workflow (classname = the kind, name =
 * the workflow's name and id, or "all workflows"), <failure> for a breach,
 * <skipped> for too few runs to judge. Counts on every suite and on the root
 * agree with the cases. Text is XML 1.0: the five special characters as
 * entities, line breaks in attributes as character references, and the
 * characters XML 1.0 cannot hold at all (most C0 controls, U+FFFE, U+FFFF,
 * lone surrogates) written as visible escapes.
 */
import type { CheckOutcome, CheckResult, WorkflowFigure } from '../data/metrics/index.js';
import { escapeControls } from '../quote.js';
import { rawWorkflowLabel } from './check-labels.js';

/** Characters XML 1.0 does not allow (its Char production), besides the C0 controls escapeControls already writes as escapes. */
const NOT_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function xmlChars(text: string, attribute: boolean): string {
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(NOT_XML, (c) =>
      escapeControls(c) !== c ? escapeControls(c) : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  // an attribute's line breaks and tabs would be normalized to blanks by the reader: keep them as references
  return attribute
    ? escaped.replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;')
    : escaped.replace(/\r/g, '&#13;');
}

const attr = (text: string) => `"${xmlChars(text, true)}"`;

interface Case {
  classname: string;
  name: string;
  outcome: CheckOutcome;
  message: string;
}

function caseName(id: string | null, name: string | null): string {
  return id === null || id === '' ? 'all workflows' : rawWorkflowLabel(id, name);
}

function casesOf(r: CheckResult): Case[] {
  const main: Case = {
    classname: r.check,
    name: caseName(r.workflow, r.workflowName),
    outcome: r.outcome,
    message: r.message,
  };
  const each = (f: WorkflowFigure): Case => ({
    classname: r.check,
    name: caseName(f.workflow, f.workflowName),
    outcome: f.outcome,
    message: f.message,
  });
  return [main, ...(r.workflows ?? []).map(each)];
}

function renderCase(c: Case): string {
  const open = `    <testcase classname=${attr(c.classname)} name=${attr(c.name)} time="0"`;
  if (c.outcome === 'breached')
    return `${open}>\n      <failure message=${attr(c.message)} type="breached">${xmlChars(c.message, false)}</failure>\n    </testcase>`;
  if (c.outcome === 'insufficient-data')
    return `${open}>\n      <skipped message=${attr(c.message)}/>\n    </testcase>`;
  return `${open}>\n      <system-out>${xmlChars(c.message, false)}</system-out>\n    </testcase>`;
}

export function renderJunit(results: CheckResult[], checkedAt: Date): string {
  const kinds = [...new Set(results.map((r) => r.check))];
  const timestamp = checkedAt.toISOString().replace(/\.\d{3}Z$/, '');
  const suites = kinds.map((kind) => {
    const cases = results.filter((r) => r.check === kind).flatMap(casesOf);
    const count = (o: CheckOutcome) => cases.filter((c) => c.outcome === o).length;
    return { kind, cases, tests: cases.length, failures: count('breached'), skipped: count('insufficient-data') };
  });
  const total = (k: 'tests' | 'failures' | 'skipped') => suites.reduce((n, s) => n + s[k], 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="wfctl check" tests="${total('tests')}" failures="${total('failures')}" errors="0" skipped="${total('skipped')}" time="0">`,
    ...suites.flatMap((s, i) => [
      `  <testsuite name=${attr(`wfctl check ${s.kind}`)} id="${i}" package="wfctl" hostname="wfctl" tests="${s.tests}" failures="${s.failures}" errors="0" skipped="${s.skipped}" time="0" timestamp="${timestamp}">`,
      ...s.cases.map(renderCase),
      '  </testsuite>',
    ]),
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}
