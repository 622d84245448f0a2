/**
 * `argosy expr`: evaluate an expression or a template string against variables given as a JSON
 * file and `-v name=value` pairs (dotted names nest: `-v steps.a.outputs.result=3`).
 */
import { evaluateForCli } from "../../expr/index.js";
import { invalid } from "../../util/errors.js";

export function setDotted(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split(".");
  let cursor = target;
  for (const part of parts.slice(0, -1)) {
    const next = cursor[part];
    if (next === null || typeof next !== "object" || Array.isArray(next)) cursor[part] = {};
    cursor = cursor[part] as Record<string, unknown>;
  }
  cursor[parts[parts.length - 1] as string] = value;
}

export function exprCommand(
  input: string,
  vars: Record<string, unknown>,
  pairs: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): number {
  const all = structuredClone(vars);
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw invalid(`variable '${pair}' must be NAME=VALUE`);
    setDotted(all, pair.slice(0, eq), pair.slice(eq + 1));
  }
  const outcome = evaluateForCli(input, all);
  if (outcome.ok) {
    io.stdout.write(`${outcome.output}\n`);
    return 0;
  }
  io.stderr.write(`${outcome.error}\n`);
  return 2;
}
