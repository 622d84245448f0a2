import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runPod, testPod } from "../executor-suite.js";
import type { PodSpec } from "../types.js";
import { openHost } from "./test-host.js";

let userlandDir = "";
beforeAll(async () => {
  userlandDir = await mkdtemp(join(tmpdir(), "argosy-userland-"));
});
afterAll(() => rm(userlandDir, { recursive: true, force: true }));

const ARGOSAY = "argoproj/argosay:v2";

/** The argosay v2 table of shared/conformance/IMAGES.md: args, then the expected result and exit code. */
const argosayRows: [args: string[] | undefined, result: string | RegExp, exitCode: number][] = [
  [undefined, "hello argo", 0],
  [["echo"], "hello argo", 0],
  [["echo", "a message"], "a message", 0],
  [["echo", "A", "B", "C"], "", 0],
  [["cat", "/etc/passwd"], /^root:/m, 0],
  [["cat", "/nonexistent"], "", 1],
  [["exit"], "", 0],
  [["exit", "7"], "", 7],
  [["sleep", "0.01s"], "", 0],
  [["assert_contains", "/etc/passwd", "root:"], /^root:/, 0],
  [["assert_contains", "/etc/passwd", "no-such-user-xyz"], "", 1],
  [["exit 1"], "", 1],
  [["unknown"], "", 1],
];

const cow = (image: string, extra: Partial<PodSpec["main"]> = {}) => testPod({ image, ...extra });

for (const mode of ["bwrap", "none"] as const) {
  describe(`image shims (sandbox: ${mode})`, () => {
    let host: Awaited<ReturnType<typeof openHost>>;
    beforeEach(async () => {
      host = await openHost(mode, { userlandDir });
    });
    afterEach(() => host.dispose());
    const run = (pod: PodSpec) => runPod(host.executor, pod);

    it.each(argosayRows)("argosay %j", async (args, result, exitCode) => {
      const outcome = await run(testPod({ image: ARGOSAY, ...(args ? { args } : {}) }));
      expect(outcome).toMatchObject({ exitCode, warnings: [] });
      if (typeof result === "string") expect(outcome.result).toBe(result);
      else expect(outcome.result).toMatch(result);
    });

    it("argosay echo MSG FILE writes the file, creating its folder, and prints nothing", async () => {
      const pod = testPod(
        { image: ARGOSAY, args: ["echo", "saved", "out/dir/f"], workingDir: "/work" },
        { outputParameters: [{ name: "f", path: "out/dir/f" }] },
      );
      expect(await run(pod)).toMatchObject({ exitCode: 0, result: "", outputParameters: { f: "saved" } });
    });

    it("argosay sh FILE runs the file with sh", async () => {
      const pod = testPod(
        { image: ARGOSAY, args: ["sh"] },
        { script: { source: "echo from-script; exit 4" } },
      );
      expect(await run(pod)).toMatchObject({ exitCode: 4, result: "from-script" });
    });

    it("argosay v1 runs cowsay, whose empty stdin gives an empty balloon", async () => {
      const result = await run(cow("argoproj/argosay:v1"));
      expect(result.exitCode).toBe(0);
      expect(result.result.split("\n").slice(0, 4)).toEqual([" __", "<  >", " --", "        \\   ^__^"]);
    });

    it("cowsay wraps its arguments in a balloon above the cow", async () => {
      const result = await run(cow("docker/whalesay", { command: ["cowsay"], args: ["hello", "world"] }));
      expect(result.result.split("\n").slice(0, 3)).toEqual([
        " _____________",
        "< hello world >",
        " -------------",
      ]);
    });

    it("curl images run the host curl through their entrypoint", async () => {
      const result = await run(testPod({ image: "curlimages/curl:latest", args: ["--version"] }));
      expect(result).toMatchObject({ exitCode: 0, warnings: [] });
      expect(result.result).toMatch(/^curl \d/);
    });

    it("fails an image whose profile needs a host file that is missing", async () => {
      const custom = await openHost(mode, {
        userlandDir,
        profiles: [
          {
            name: "db",
            match: "db:*",
            userland: "host",
            requires: [{ path: "/nonexistent/db", hint: "install db" }],
          },
        ],
      });
      try {
        const result = await runPod(custom.executor, testPod({ image: "db:1" }));
        expect(result.error).toBe('image "db:1" needs /nonexistent/db, which this host lacks: install db');
      } finally {
        await custom.dispose();
      }
    });
  });
}

describe("image shims in the sandbox", () => {
  let host: Awaited<ReturnType<typeof openHost>>;
  beforeEach(async () => {
    host = await openHost("bwrap", { userlandDir });
  });
  afterEach(() => host.dispose());

  it("draws docker/whalesay's whale", async () => {
    const result = await runPod(host.executor, cow("docker/whalesay", { args: ["cowsay", "hi"] }));
    expect(result.exitCode).toBe(0);
    expect(result.result).toContain("< hi >");
    expect(result.result).toContain("## ## ## ##");
  });

  it("hides the host's /usr/local from images with shims there", async () => {
    const result = await runPod(
      host.executor,
      cow("argoproj/argosay:v1", { command: ["ls", "/usr/local/bin"] }),
    );
    expect(result.result).toBe("cowsay");
  });

  it.skipIf(!existsSync("/usr/sbin/nginx"))(
    "runs nginx images on the host nginx with the image's configuration",
    async () => {
      const pod = testPod({ image: "nginx:1.13", command: ["nginx", "-t"] });
      const result = await runPod(host.executor, pod);
      const log = await readFile(host.executor.logPath(pod.podName), "utf8");
      expect({ exitCode: result.exitCode, log }).toMatchObject({
        exitCode: 0,
        log: expect.stringMatching(/syntax is ok/),
      });
    },
  );
});
