/**
 * A clock tests can move. Every expiry in the emulator reads it, so a test advances time instead of
 * waiting for a token to die.
 */
export function createClock() {
  let offsetMs = 0;
  return {
    /** @returns {number} milliseconds since the epoch, emulated */
    now: () => Date.now() + offsetMs,
    /** @param {number} seconds may be fractional */
    advance(seconds) {
      if (typeof seconds !== 'number' || !Number.isFinite(seconds)) throw new TypeError('advance(seconds) needs a finite number');
      offsetMs += seconds * 1000;
      return Date.now() + offsetMs;
    },
    /** Back to real time. */
    reset() {
      offsetMs = 0;
    },
    /** @returns {number} seconds the clock runs ahead of real time */
    get offset() {
      return offsetMs / 1000;
    },
  };
}
