/**
 * Nearest-rank quantile: always a value that was actually measured.
 * @param {number[]} sorted ascending
 * @param {number} q between 0 and 1
 */
export function quantile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return /** @type {number} */ (sorted[Math.min(rank, sorted.length) - 1]);
}

/**
 * @param {number[]} samples
 * @returns {{ median: number, p99: number }}
 */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
}

/**
 * Awaits `calls` in turn, alternating between them, and times each one.
 * @param {ReadonlyArray<() => Promise<unknown>>} calls
 * @param {number} count
 * @returns {Promise<{ samplesNs: number[], cpuUs: number, wallNs: number }>}
 */
export async function timeSequential(calls, count) {
  const samplesNs = new Array(count);
  const cpuStart = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const call = /** @type {() => Promise<unknown>} */ (calls[i % calls.length]);
    const start = process.hrtime.bigint();
    await call();
    samplesNs[i] = Number(process.hrtime.bigint() - start);
  }
  const wallNs = Number(process.hrtime.bigint() - wallStart);
  const cpu = process.cpuUsage(cpuStart);
  return { samplesNs, cpuUs: cpu.user + cpu.system, wallNs };
}

/**
 * Keeps `concurrency` calls in flight until `count` have completed, and times each one.
 * @param {ReadonlyArray<() => Promise<unknown>>} calls
 * @param {number} count
 * @param {number} concurrency
 * @returns {Promise<{ samplesNs: number[], wallNs: number }>}
 */
export async function timeConcurrent(calls, count, concurrency) {
  /** @type {number[]} */
  const samplesNs = [];
  let next = 0;
  const wallStart = process.hrtime.bigint();
  async function worker() {
    while (next < count) {
      const call = /** @type {() => Promise<unknown>} */ (calls[next++ % calls.length]);
      const start = process.hrtime.bigint();
      await call();
      samplesNs.push(Number(process.hrtime.bigint() - start));
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { samplesNs, wallNs: Number(process.hrtime.bigint() - wallStart) };
}
