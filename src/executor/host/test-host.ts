/** Helpers shared by the host executor's test files. */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHostExecutor, type HostExecutorOptions } from "./host-executor.js";

/** A host executor in a fresh home, with the warnings it gave and how to dispose of it. */
export async function openHost(
  sandbox: "bwrap" | "none",
  extra: Partial<HostExecutorOptions> & { userlandDir: string },
) {
  const home = await mkdtemp(join(tmpdir(), "argosy-host-"));
  const warnings: string[] = [];
  const executor = createHostExecutor({ home, sandbox, onWarning: (m) => warnings.push(m), ...extra });
  return {
    home,
    warnings,
    executor,
    dispose: async () => {
      await executor.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Resolves once the file holds `text`: the pod has reached that point. */
export async function fileContains(path: string, text: string): Promise<void> {
  for (;;) {
    const content = await readFile(path, "utf8").catch(() => "");
    if (content.includes(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
