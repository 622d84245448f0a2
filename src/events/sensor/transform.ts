/**
 * A dependency's `transform`, as Argo's `ApplyTransform`: `jq` when set (else `script`) rewrites
 * the event data before filters see it. Like Argo, the data must be a JSON object, jq's first
 * output (or the Lua script's returned table) replaces it, and that result must be an object too
 * (a Lua table with a sequence part becomes an array, which Argo also accepts from scripts). An
 * event without data passes unchanged.
 *
 * jq is the system `jq` binary, run directly (no shell) with `-c`, the data on stdin, a 5 s limit
 * and a cap on its output; its error text becomes the `Invalid` error's message.
 */
import { spawn } from "node:child_process";
import { internal, invalid } from "../../util/errors.js";
import type { CloudEvent, EventDependency } from "../types.js";
import { runLua } from "./lua.js";
import { isJsonMap } from "./paths.js";

export const jqLimits = { timeoutMs: 5000, maxOutputBytes: 16 * 1024 * 1024, binary: "jq" };

/** Runs `jq -c FILTER` over `input`; resolves to the first output line's JSON value. */
export function runJq(filter: string, input: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    // A leading space stops jq from reading a filter such as "-1" as an option.
    const child = spawn(jqLimits.binary, ["-c", ` ${filter}`], {
      stdio: ["pipe", "pipe", "pipe"],
      shell: false,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let failure: Error | undefined;
    const stop = (e: Error) => {
      failure ??= e;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(
      () => stop(invalid(`jq exceeded its time limit of ${jqLimits.timeoutMs} ms`)),
      jqLimits.timeoutMs,
    );
    child.stdout.on("data", (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > jqLimits.maxOutputBytes)
        stop(invalid(`jq output exceeds ${jqLimits.maxOutputBytes} bytes`));
      else out.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (err.length < 64) err.push(chunk);
    });
    child.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        e.code === "ENOENT"
          ? internal("jq is not installed (transform.jq needs the jq binary)", { cause: e })
          : e,
      );
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      const text = Buffer.concat(out).toString("utf8");
      const newline = text.indexOf("\n");
      const first = newline < 0 ? text : text.slice(0, newline);
      if (first.trim() === "") {
        const message = Buffer.concat(err).toString("utf8").trim();
        return reject(
          invalid(
            message ||
              (code === 0
                ? "no output available from the jq command execution"
                : `jq exited with code ${code}`),
          ),
        );
      }
      try {
        resolve(JSON.parse(first));
      } catch (e) {
        reject(invalid(`jq output is not JSON: ${first.slice(0, 200)}`, { cause: e }));
      }
    });
    child.stdin.on("error", () => {});
    child.stdin.end(JSON.stringify(input));
  });
}

function requireObjectData(data: unknown, kind: string): void {
  if (!isJsonMap(data)) throw invalid(`${kind} transformation needs the event data to be a JSON object`);
}

/** Applies `transform.jq` or `transform.script`; returns a new event. Throws `Invalid` on failure. */
export async function transformEvent(dependency: EventDependency, event: CloudEvent): Promise<CloudEvent> {
  const t = dependency.transform;
  if (!t || event.data === undefined || event.data === null) return event;
  if (t.jq) {
    requireObjectData(event.data, "jq");
    const result = await runJq(t.jq, event.data);
    if (!isJsonMap(result)) throw invalid("jq transformation output must be a JSON object");
    return { ...event, datacontenttype: "application/json", data: result };
  }
  if (t.script) {
    requireObjectData(event.data, "script");
    const result = await runLua(t.script, event.data);
    if (result.type !== "table") throw invalid("transformation script output type is not of lua table");
    return { ...event, datacontenttype: "application/json", data: result.value };
  }
  return event;
}
