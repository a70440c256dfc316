// Load: 2,000 token exchanges with 50 in flight on loopback: no error, bounded heap growth, bounded time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { proxyLoad } from './proxy-load.mjs';

/** A real gc() even without --expose-gc, so the heap measure is not noise. */
function findGc() {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc');
    return typeof gc === 'function' ? gc : undefined;
  } catch {
    return undefined;
  }
}

test('proxy load: 2,000 code exchanges, 50 in flight, no error, bounded heap and time', { timeout: 120_000 }, async () => {
  const gc = findGc();
  const result = await proxyLoad({ requests: 2000, concurrency: 50, gc });
  const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
  console.log(
    `# proxy load: ${result.requests} exchanges in ${result.seconds.toFixed(2)} s (${Math.round(result.perSecond)}/s), heap ${mb(result.heapBefore)} -> ${mb(result.heapAfter)}${gc ? '' : ' (no gc)'}`,
  );
  assert.equal(result.errors, 0, result.firstError);
  assert.ok(result.seconds < 60, `took ${result.seconds} s`);
  // Nothing is kept per request: growth after a full gc stays small (generous without gc).
  const bound = gc ? 16 * 1048576 : 96 * 1048576;
  assert.ok(result.heapGrowthBytes < bound, `heap grew by ${mb(result.heapGrowthBytes)}`);
});
