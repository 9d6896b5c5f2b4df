import { readFileSync } from 'node:fs';

/** The package version, read once from package.json beside dist/. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The user agent that wfctl's own writes carry in the audit trail. */
export const USER_AGENT = `wfctl/${VERSION}`;
