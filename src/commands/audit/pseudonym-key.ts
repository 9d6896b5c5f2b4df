/**
 * The organisation's pseudonym key for `audit erase`, `audit hash` and `audit verify --reconcile`:
 * `--key-file FILE`, else the file named by WFCTL_PSEUDONYM_KEY_FILE. Its bytes are registered
 * with the keychain, so no message can show them.
 */
import type { CommandContext } from '../../context.js';
import type { PseudonymKey } from '../../data/audit/index.js';
import { UsageError } from '../../errors.js';

export const PSEUDONYM_KEY_ENV = 'WFCTL_PSEUDONYM_KEY_FILE';

/** The key, or a UsageError (exit 2) when none is given; `optional`: undefined instead. */
export async function pseudonymKeyFor(
  keyFile: string | undefined,
  ctx: CommandContext,
  optional = false,
): Promise<PseudonymKey | undefined> {
  const fromEnv = ctx.env[PSEUDONYM_KEY_ENV];
  const path = keyFile ?? (fromEnv === '' ? undefined : fromEnv);
  if (path === undefined) {
    if (optional) return undefined;
    throw new UsageError(`no pseudonym key: give --key-file FILE or set ${PSEUDONYM_KEY_ENV}; nothing was written`, {
      hint: 'make one once and keep it safe: (umask 077; openssl rand -hex 32 > /etc/wfctl/pseudonym.key)',
    });
  }
  const { loadPseudonymKey } = await import('../../data/audit/index.js');
  const key = await loadPseudonymKey(path, keyFile !== undefined ? '--key-file' : PSEUDONYM_KEY_ENV);
  ctx.keychain.register(key.bytes.toString('utf8'));
  ctx.keychain.register(key.bytes.toString('hex'));
  return key;
}
