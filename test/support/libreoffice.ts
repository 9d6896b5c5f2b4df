/**
 * LibreOffice Calc, headless, as an independent spreadsheet that imports
 * wfctl's CSV: each conversion runs with a profile of its own in a temporary
 * folder (a user's profile, or another run's, would change the import
 * settings and lock out a second instance). A missing LibreOffice is a test
 * failure naming the Debian package, never a skip: CI installs it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const LIBREOFFICE_PACKAGE = 'libreoffice-calc-nogui';

/** The soffice executable, or an error that says what to install. */
export function findSoffice(): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    for (const name of ['soffice', 'libreoffice']) {
      const candidate = join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  throw new Error(
    `LibreOffice (soffice) is not installed; these tests need it: apt-get install -y --no-install-recommends ${LIBREOFFICE_PACKAGE} (Debian package ${LIBREOFFICE_PACKAGE})`,
  );
}

/**
 * CSV import options (filter token string): comma, double quote, UTF-8 (76),
 * from line 1; formulas are evaluated, as in a default import. Without
 * options LibreOffice 7.4 reads a CSV file in the system's ANSI code page
 * (windows-1252), byte order mark or not.
 */
export const CSV_UTF8_IMPORT = 'CSV:44,34,76,1';

export interface Conversion {
  /** converted file for each input, in order */
  outputs: string[];
  elapsedMs: number;
}

/**
 * Converts CSV files to `target` (xlsx, ods) in one soffice run, into `outDir`.
 * `infilter` sets the CSV import options; without it LibreOffice's defaults apply.
 */
export function convertCsv(files: string[], target: 'xlsx' | 'ods', outDir: string, infilter?: string): Conversion {
  const soffice = findSoffice();
  const profile = mkdtempSync(join(tmpdir(), 'wfctl-lo-profile-'));
  const started = Date.now();
  try {
    execFileSync(
      soffice,
      [
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        '--headless',
        '--norestore',
        ...(infilter ? [`--infilter=${infilter}`] : []),
        '--convert-to',
        target,
        '--outdir',
        outDir,
        ...files,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, env: { ...process.env, HOME: profile } },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const outputs = files.map((f) => join(outDir, `${basename(f).replace(/\.csv$/, '')}.${target}`));
  const missing = outputs.filter((o) => !existsSync(o));
  if (missing.length > 0) throw new Error(`LibreOffice did not write ${missing.join(', ')}`);
  return { outputs, elapsedMs: Date.now() - started };
}
