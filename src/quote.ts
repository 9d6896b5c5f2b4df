/**
 * Echoing what the user typed (or what a file or the database holds) into a
 * message: quoted, with control characters written as escapes so that an
 * error stays one line and cannot move the cursor or change the colours,
 * and cut when long, so that a 100,000-character argument does not flood the
 * terminal.
 */

/** Characters a terminal would act on, or that break a line: C0 and C1 controls, DEL, line and paragraph separators, bidi overrides. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0', '\u001b': '\\e' };

function escapeChar(c: string): string {
  return NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** `text` with its unsafe characters written as escapes (\n, \t, \0, \e, \uXXXX). */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** Default length of an echoed value before it is cut. */
export const ECHO_MAX = 80;

/**
 * `"value"`: escaped, and cut after `max` characters with the full length
 * named: `"aaaa…" (131,000 characters)`.
 */
export function quoteInput(value: string, max = ECHO_MAX): string {
  if (value.length <= max) return `"${escapeControls(value)}"`;
  // cut at a code point boundary
  let end = max;
  const code = value.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `"${escapeControls(value.slice(0, end))}…" (${value.length.toLocaleString('en-US')} characters)`;
}

/** Upper bound of one printed error line; longer ones are cut (a message that echoes a large value past quoteInput). */
export const LINE_MAX = 2000;

/** One line of a message as printed: escaped, and cut at LINE_MAX characters. */
export function safeLine(line: string): string {
  const escaped = escapeControls(line);
  return escaped.length <= LINE_MAX
    ? escaped
    : `${escaped.slice(0, LINE_MAX)}… (cut; ${escaped.length.toLocaleString('en-US')} characters)`;
}
