import { writeSigningKeyPair, type KeyPairFiles } from '../../data/audit/index.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';

export async function runAuditKeygen(input: { out: string }): Promise<KeyPairFiles> {
  return writeSigningKeyPair(input.out);
}

/** The key id and where the keys are; never the key itself. */
export function printAuditKeygen(r: KeyPairFiles, io: IOStreams, json: boolean): void {
  if (json) return printJson(io, r);
  io.out(
    `key id ${r.keyId}\n  private key: ${r.privateKey} (mode 600; for audit export --sign-key, keep it secret)\n  public key:  ${r.publicKey} (for auditors: audit verify --trusted-key)\n`,
  );
}
