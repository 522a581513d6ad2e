// Costs asserted in tests are CPU time, not wall time: a loaded, shared machine adds wall time, not this. The
// gateway's tests import this file too.

/** CPU time (user + system) of one `run`, in milliseconds: the least of `runs` tries. */
export function cpuMilliseconds(run: () => void, runs = 5): number {
  let least = Infinity;
  for (let attempt = 0; attempt < runs; attempt++) {
    const before = process.cpuUsage();
    run();
    const { user, system } = process.cpuUsage(before);
    least = Math.min(least, (user + system) / 1000);
  }
  return least;
}
