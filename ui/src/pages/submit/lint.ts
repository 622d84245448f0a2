/**
 * Lint feedback for the YAML editor: syntax errors from the YAML parser, then the server's
 * validation (POST …/lint), whose 400 message lists `path: message` problems joined by "; ".
 * Each problem gets the line of its field in the text.
 */
import { ApiError } from "../../api/client.js";
import { lintWorkflow } from "../../api/workflows.js";
import { parseWithLines } from "../../util/yaml-lines.js";

export interface LintProblem {
  message: string;
  path?: string;
  line?: number;
}

export interface LintResult {
  problems: LintProblem[];
  /** The parsed manifest when the text is valid YAML of an object. */
  manifest?: Record<string, unknown>;
}

/** `a.b[0]: msg; c: msg2` → problems (a "; " only splits before another `path: `). */
export function splitServerMessage(message: string): { path?: string; message: string }[] {
  return message.split(/; (?=[A-Za-z][\w.[\]-]*: )/).map((part) => {
    const m = /^([A-Za-z][\w.[\]-]*): (.*)$/s.exec(part);
    return m && (m[1]?.includes(".") || m[1] === "spec" || m[1] === "metadata")
      ? { path: m[1] as string, message: m[2] as string }
      : { message: part };
  });
}

/** Parses the text locally; the manifest to send, or the problems that prevent sending it. */
export function parseManifest(text: string): LintResult & { lineOf?: (path: string) => number | undefined } {
  if (text.trim() === "") return { problems: [{ message: "The manifest is empty." }] };
  const parsed = parseWithLines(text);
  if (parsed.errors.length)
    return { problems: parsed.errors.map((e) => ({ message: e.message, line: e.line })) };
  const value = parsed.value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { problems: [{ message: "The manifest must be a YAML mapping (a Workflow object).", line: 1 }] };
  }
  const manifest = value as Record<string, unknown>;
  if (manifest.kind !== undefined && manifest.kind !== "Workflow") {
    return {
      problems: [
        {
          message: `kind is ${String(manifest.kind)}; this page submits Workflows.`,
          path: "kind",
          line: parsed.lineOf("kind"),
        },
      ],
    };
  }
  return { problems: [], manifest, lineOf: parsed.lineOf };
}

/** The namespace a manifest goes to: its own, else the selected one. */
export function namespaceFor(manifest: Record<string, unknown>, selected: string): string {
  const ns = (manifest.metadata as { namespace?: unknown } | undefined)?.namespace;
  return typeof ns === "string" && ns ? ns : selected || "default";
}

/** Local parsing, then the server's lint. */
export async function lintText(text: string, namespace: string, signal: AbortSignal): Promise<LintResult> {
  const local = parseManifest(text);
  if (!local.manifest) return local;
  try {
    await lintWorkflow(namespaceFor(local.manifest, namespace), local.manifest, signal);
    return { problems: [], manifest: local.manifest };
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 400) throw e;
    const problems = splitServerMessage(e.message).map((p) => {
      const line = p.path ? local.lineOf?.(p.path) : undefined;
      return { ...p, ...(line !== undefined ? { line } : {}) };
    });
    return { problems, manifest: local.manifest };
  }
}
