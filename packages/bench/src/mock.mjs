import { startMock } from "@sms-otp/mock";
import { createSender } from "../programs/client.mjs";
import { summarize, timeConcurrent, timeSequential } from "./stats.mjs";
import { FAKE_CREDENTIALS, registerCleanup } from "./util.mjs";

/** @typedef {{ perSecond: number, p50: number, p99: number }} Throughput p50 and p99 in milliseconds */
/** @typedef {{ warmup: number, sequential: number, concurrent: number, concurrency: number }} MockCounts */

/**
 * Prism's start-up through `startMock`, then the benchmark program (the @sms-otp/client variant) against it,
 * one call at a time and with `concurrency` calls in flight.
 * @param {MockCounts} counts
 * @returns {Promise<{ startupMs: number, sequential: Throughput, concurrent: Throughput }>}
 */
export async function measureMock(counts) {
  const started = performance.now();
  const mock = await startMock();
  const startupMs = performance.now() - started;
  const release = registerCleanup(() => mock.stop());
  try {
    const sender = createSender({ ...FAKE_CREDENTIALS, baseUrl: mock.url });
    const calls = [sender.consumer, sender.b2b];
    await timeSequential(calls, counts.warmup);
    const sequential = await timeSequential(calls, counts.sequential);
    const concurrent = await timeConcurrent(calls, counts.concurrent, counts.concurrency);
    return { startupMs, sequential: throughput(sequential), concurrent: throughput(concurrent) };
  } finally {
    await release();
  }
}

/** @param {{ samplesNs: number[], wallNs: number }} timing @returns {Throughput} */
function throughput({ samplesNs, wallNs }) {
  const { median, p99 } = summarize(samplesNs);
  return { perSecond: samplesNs.length / (wallNs / 1e9), p50: median / 1e6, p99: p99 / 1e6 };
}
