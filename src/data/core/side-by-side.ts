/**
 * Reads run side by side, failing the way a sequence would: every read
 * settles first (none is left running behind the command's back), then the
 * first failure in the order given is thrown, so the same input gives the
 * same error whichever read happened to fail first.
 */
export async function sideBySide<T extends readonly unknown[]>(reads: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(reads);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
