// What the one-shot commands do before a large read: restart node with a small young generation
// (../adapters/small-heap.ts, loaded only then).
export const beforeLargeRead = async (): Promise<void> => (await import('../adapters/small-heap.js')).restartWithSmallHeap();

/** How large a read is large: LARGE_READ_BYTES, or AURA_LARGE_READ_BYTES (for tests). */
export function largeReadBytes(env: Record<string, string | undefined>): number | undefined {
  const v = Number(env.AURA_LARGE_READ_BYTES);
  return env.AURA_LARGE_READ_BYTES !== undefined && Number.isInteger(v) && v >= 0 ? v : undefined;
}
