/*
 * Bounded polling: the one way tests wait for a condition (a server accepting connections, a
 * replica reaching a state). Never an unbounded loop, never a bare sleep.
 */

export interface WaitForOptions {
  /** Give up after this long. @default 5000 */
  timeoutMs?: number;
  /** Pause between two tries. @default 25 */
  intervalMs?: number;
  /** Names what we wait for in the timeout error. @default the condition's source text */
  what?: string;
}

/**
 * Calls `cond` until it returns (or resolves to) a truthy value and returns that value. Exceptions
 * from `cond` count as "not yet"; the last one is quoted in the timeout error.
 */
export async function waitFor<T>(
  cond: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const intervalMs = options.intervalMs ?? 25;
  const what = options.what ?? cond.toString();
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await cond();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const cause = lastError === undefined ? '' : ` (last error: ${String(lastError)})`;
      throw new Error(`waitFor timed out after ${timeoutMs} ms waiting for: ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
