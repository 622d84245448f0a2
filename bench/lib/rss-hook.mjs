// Preloaded into a benchmarked Node process (NODE_OPTIONS=--import): on exit, writes the process's
// peak resident set size (KiB, from getrusage) to $ARGOSY_BENCH_RSS_FILE. Exact where polling
// /proc/<pid>/status could miss a last spike (printing a 10,000-node status, say).
import { writeFileSync } from "node:fs";

const file = process.env.ARGOSY_BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    try {
      writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      // The benchmark falls back to the polled VmHWM.
    }
  });
}
