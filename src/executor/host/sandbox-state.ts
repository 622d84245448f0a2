/**
 * Deciding, once per executor, whether pods run in the bubblewrap sandbox, and saying so when
 * they do not.
 */
import { assertNever } from "../../util/errors.js";
import { type HostLayout, probeBwrap, readHostLayout } from "./sandbox.js";

/** How this executor runs pods, decided once. */
export type SandboxState =
  | { kind: "bwrap"; bwrap: string; layout: HostLayout; dropCaps: boolean }
  /** Plain host processes, by configuration or because bwrap is unusable. */
  | { kind: "none"; reason: string }
  /** `sandbox: "bwrap"` was required but bwrap is unusable: every pod fails. */
  | { kind: "unavailable"; reason: string };

/** The message given (once) through `onWarning` when pods run without the sandbox. */
export function sandboxOffMessage(reason: string): string {
  return `host executor: the sandbox is off (${reason}); pods run as plain host processes, so absolute paths refer to the host`;
}

/**
 * Resolves the configured mode into a {@link SandboxState}: `none` as asked; `auto` probes bwrap
 * and falls back; `bwrap` probes and makes every pod fail if the probe does.
 */
export async function resolveSandbox(opts: {
  mode: "auto" | "bwrap" | "none";
  bwrap: string;
  onWarning?: (message: string) => void;
}): Promise<SandboxState> {
  const off = (reason: string): SandboxState => {
    opts.onWarning?.(sandboxOffMessage(reason));
    return { kind: "none", reason };
  };
  switch (opts.mode) {
    case "none":
      return off('configured with sandbox: "none"');
    case "auto":
    case "bwrap": {
      const probe = await probeBwrap(opts.bwrap);
      if (probe.ok) {
        const dropCaps = process.getuid?.() === 0;
        return { kind: "bwrap", bwrap: opts.bwrap, layout: await readHostLayout(), dropCaps };
      }
      if (opts.mode === "auto") return off(probe.reason);
      return { kind: "unavailable", reason: `sandbox "bwrap" is required but unusable: ${probe.reason}` };
    }
    default:
      return assertNever(opts.mode, "sandbox mode");
  }
}
