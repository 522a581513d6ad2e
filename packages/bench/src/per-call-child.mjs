// One variant's timed calls, in a process of its own so that module loading, JIT state and the connection pool
// of one variant never help or hurt another. Started by per-call.mjs; the result goes back over IPC.
import { timeSequential } from "./stats.mjs";
import { successBodies } from "./responses.mjs";
import { FAKE_CREDENTIALS } from "./util.mjs";

/** @typedef {{ variant: import("./util.mjs").Variant, mode: "https" | "stub", baseUrl: string, warmup: number, calls: number }} ChildParams */
/** @typedef {{ samplesNs: number[], cpuUs: number } | { error: string }} ChildResult */

/** @param {ChildResult} result */
function reply(result) {
  // Keep-alive sockets would hold the process open, so it exits once the parent has the result.
  /** @type {NonNullable<typeof process.send>} */ (process.send)(result, () => process.exit(0));
}

try {
  /** @type {ChildParams} */
  const params = JSON.parse(process.argv[2] ?? "");
  if (params.mode === "stub") {
    // The client-only overhead, as openapi-fetch's own benchmark measures it: a fetch that answers at once.
    const bodies = successBodies();
    globalThis.fetch = async (input) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      const body = bodies[new URL(url).pathname];
      if (body === undefined) throw new Error(`stubbed fetch got an unexpected URL ${url}`);
      return new Response(body, { status: 200, headers: { "Content-Type": "application/json" } });
    };
  }
  /** @type {{ createSender: (options: import("../programs/payloads.mjs").SenderOptions) => import("../programs/payloads.mjs").Sender }} */
  const program = await import(`../programs/${params.variant}.mjs`);
  const sender = program.createSender({ ...FAKE_CREDENTIALS, baseUrl: params.baseUrl });
  const calls = [sender.consumer, sender.b2b];
  const ids = await Promise.all(calls.map((call) => call()));
  if (!ids.every((id) => typeof id === "string" && id !== "")) throw new Error(`${params.variant} returned no ids`);
  await timeSequential(calls, params.warmup);
  const { samplesNs, cpuUs } = await timeSequential(calls, params.calls);
  reply({ samplesNs, cpuUs });
} catch (error) {
  reply({ error: error instanceof Error ? error.message : String(error) });
}
