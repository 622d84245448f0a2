/**
 * B0: hello-world. Cold: `argosy run` from the CLI to the final status (process start, build
 * check, store, sandbox probe and userland included). Warm: submitted to a running `argosy server`
 * over HTTP and polled until it ended, and the same through `argosy submit --wait`.
 */
import {
  cliEntry,
  container,
  startArgosyServer,
  submit,
  waitDone,
  workflow,
  writeManifest,
} from "../lib/argosy.mjs";
import { argosyAndMake, row } from "../lib/compare.mjs";
import { best, runTimed, timeIt } from "../lib/measure.mjs";

const hello = (name) => workflow(name, [container("hello", ["echo", "hello world"])]);

export default {
  name: "B0",
  title: "hello-world: cold from the CLI, warm on a server",
  async run(ctx) {
    const rows = await argosyAndMake(ctx, {
      workload: "B0",
      variant: "cold",
      wf: hello("b0-hello"),
      tasks: [{ name: "hello", cmd: "echo hello world", final: true }],
      unit: "workflow",
      units: 1,
    });
    for (const sandbox of ctx.modes) {
      ctx.log(`B0 warm argosy ${sandbox}…`);
      const server = await startArgosyServer(sandbox);
      try {
        let n = 0;
        const once = async () => {
          const { ms, value } = await timeIt(async () =>
            waitDone(server.url, await submit(server.url, hello(`b0-warm-${n++}`))),
          );
          if (value.status.phase !== "Succeeded")
            throw new Error(`B0 warm: ${value.status.phase} ${value.status.message}`);
          return { ms };
        };
        await once(); // the first pod builds the userland and warms the JIT
        const http = await best(Math.max(3, ctx.repeat), once);
        rows.push(
          row({
            workload: "B0",
            variant: "warm",
            mode: `argosy ${sandbox}`,
            ...http,
            rssMB: server.rssMB(),
            unit: "workflow",
            units: 1,
            note: "HTTP submit + poll",
          }),
        );
        const file = writeManifest(
          ctx.tmp,
          { ...hello(""), metadata: { generateName: "b0-cli-" } },
          "b0-cli",
        );
        const env = { ...process.env, ARGO_SERVER: server.url.replace(/^http:\/\//, "") };
        const cli = await best(Math.max(3, ctx.repeat), async () => {
          const r = await runTimed(process.execPath, [cliEntry, "submit", "--wait", file], { env });
          if (r.code !== 0) throw new Error(`argosy submit --wait exited ${r.code}: ${r.stderr}`);
          return { ms: r.ms };
        });
        rows.push(
          row({
            workload: "B0",
            variant: "warm",
            mode: `argosy ${sandbox}`,
            ...cli,
            unit: "workflow",
            units: 1,
            note: "argosy submit --wait (CLI start included)",
          }),
        );
      } finally {
        await server.stop();
      }
    }
    return rows;
  },
};
