/**
 * Semantic colours. Commands say "success", "failure", "muted", never "green":
 * one place decides what those look like, and colour is off when io says so.
 */
import { Chalk, type ChalkInstance } from 'chalk';

export interface Theme {
  enabled: boolean;
  bold(s: string): string;
  muted(s: string): string;
  success(s: string): string;
  failure(s: string): string;
  warning(s: string): string;
  accent(s: string): string;
  added(s: string): string;
  removed(s: string): string;
  changed(s: string): string;
  header(s: string): string;
}

export function createTheme(enabled: boolean): Theme {
  const c: ChalkInstance = new Chalk({ level: enabled ? 2 : 0 });
  return {
    enabled,
    bold: (s) => c.bold(s),
    muted: (s) => c.dim(s),
    success: (s) => c.green(s),
    failure: (s) => c.red(s),
    warning: (s) => c.yellow(s),
    accent: (s) => c.cyan(s),
    added: (s) => c.green(s),
    removed: (s) => c.red(s),
    changed: (s) => c.yellow(s),
    header: (s) => c.bold(s),
  };
}
