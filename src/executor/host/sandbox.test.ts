import { describe, expect, it } from "vitest";
import { bwrapArgs, type HostLayout, mountPointProblem, type SandboxSpec } from "./sandbox.js";

const merged: HostLayout = {
  dirs: ["/usr", "/etc"],
  symlinks: [
    { path: "/bin", target: "usr/bin" },
    { path: "/lib", target: "usr/lib" },
  ],
  binDirs: ["/usr/bin", "/usr/sbin"],
  usrLocal: true,
};

const split: HostLayout = {
  dirs: ["/usr", "/bin", "/sbin", "/lib", "/etc"],
  symlinks: [],
  binDirs: ["/usr/bin", "/usr/sbin", "/bin", "/sbin"],
  usrLocal: false,
};

const spec = (over: Partial<SandboxSpec> = {}): SandboxSpec => ({
  root: "/home/pods/p/root",
  layout: merged,
  hostname: "p",
  cwd: "/",
  dropCaps: false,
  statusFd: 3,
  argv: ["echo", "hi"],
  ...over,
});

/** The values following each occurrence of `flag`, grouped by `arity`. */
function flagValues(args: string[], flag: string, arity: number): string[][] {
  const out: string[][] = [];
  args.forEach((a, i) => {
    if (a === flag) out.push(args.slice(i + 1, i + 1 + arity));
  });
  return out;
}

describe("bwrap argv", () => {
  it("binds the pod root writable at / and the host's real system directories read-only", () => {
    const args = bwrapArgs(spec());
    expect(args.slice(0, 3)).toEqual(["--bind", "/home/pods/p/root", "/"]);
    expect(flagValues(args, "--ro-bind", 2)).toEqual([
      ["/usr", "/usr"],
      ["/etc", "/etc"],
    ]);
  });

  it("unshares pid, ipc and uts but not the network, and ends with the command", () => {
    const args = bwrapArgs(spec({ cwd: "/work" }));
    for (const flag of [
      "--unshare-pid",
      "--unshare-ipc",
      "--unshare-uts",
      "--die-with-parent",
      "--new-session",
    ]) {
      expect(args).toContain(flag);
    }
    expect(args.some((a) => a.startsWith("--unshare-net") || a === "--unshare-all")).toBe(false);
    expect(flagValues(args, "--chdir", 1)).toEqual([["/work"]]);
    expect(flagValues(args, "--json-status-fd", 1)).toEqual([["3"]]);
    expect(args.slice(-3)).toEqual(["--", "echo", "hi"]);
  });

  it("keeps hostnames within the kernel's 63 characters", () => {
    const args = bwrapArgs(spec({ hostname: "x".repeat(80) }));
    expect(flagValues(args, "--hostname", 1)).toEqual([["x".repeat(63)]]);
  });

  it("drops to Docker's capabilities only when asked", () => {
    expect(bwrapArgs(spec())).not.toContain("--cap-drop");
    const args = bwrapArgs(spec({ dropCaps: true }));
    expect(flagValues(args, "--cap-drop", 1)).toEqual([["ALL"]]);
    expect(flagValues(args, "--cap-add", 1).flat()).toContain("CAP_CHOWN");
    expect(flagValues(args, "--cap-add", 1).flat()).not.toContain("CAP_SYS_ADMIN");
  });

  const busybox = {
    sandboxDir: "/home/userland/python-1/sandbox",
    pathDir: "/home/userland/python-1/path",
    busybox: "/usr/bin/busybox",
    extraBins: { python3: "/usr/bin/python3" },
    missingBins: {},
  };

  it("lays busybox applets over every bin directory of a merged-/usr host and hides /usr/local", () => {
    const args = bwrapArgs(spec({ busybox }));
    const binds = flagValues(args, "--ro-bind", 2);
    for (const dir of ["/usr/bin", "/usr/sbin"]) {
      expect(binds).toContainEqual([busybox.sandboxDir, dir]);
      expect(binds).toContainEqual(["/usr/bin/busybox", `${dir}/busybox`]);
      expect(binds).toContainEqual(["/usr/bin/python3", `${dir}/python3`]);
    }
    expect(binds).not.toContainEqual([busybox.sandboxDir, "/bin"]);
    expect(flagValues(args, "--tmpfs", 1)).toEqual([["/usr/local"]]);
  });

  it("binds /bin and /sbin themselves on a host where they are real directories", () => {
    const args = bwrapArgs(spec({ layout: split, busybox }));
    const binds = flagValues(args, "--ro-bind", 2);
    expect(binds).toContainEqual(["/bin", "/bin"]);
    expect(binds).toContainEqual([busybox.sandboxDir, "/bin"]);
    expect(binds).toContainEqual([busybox.sandboxDir, "/sbin"]);
    // The applet directory must come after the host directory it covers.
    const hostBin = binds.findIndex((b) => b[0] === "/bin");
    const appletBin = binds.findIndex((b) => b[0] === busybox.sandboxDir && b[1] === "/bin");
    expect(appletBin).toBeGreaterThan(hostBin);
    expect(args).not.toContain("--tmpfs");
  });
});

describe("shims, volumes and terminals in the bwrap argv", () => {
  it("hides /usr/local behind a tmpfs before binding shims there", () => {
    const shims = [{ source: "/pkg/shims/cowsay", dest: "/usr/local/bin/cowsay", readOnly: true }];
    const args = bwrapArgs(spec({ shims }));
    const tmpfs = args.indexOf("--tmpfs");
    expect(args[tmpfs + 1]).toBe("/usr/local");
    expect(args.indexOf("/usr/local/bin/cowsay")).toBeGreaterThan(tmpfs);
  });

  it("binds volumes after /proc and /dev, read-only ones with --ro-bind", () => {
    const volumes = [
      { source: "/pods/p/volumes/a", dest: "/mnt/a", readOnly: false },
      { source: "/pods/p/volumes/b", dest: "/mnt/a/b", readOnly: true },
    ];
    const args = bwrapArgs(spec({ volumes }));
    expect(flagValues(args, "--bind", 2)).toContainEqual(["/pods/p/volumes/a", "/mnt/a"]);
    expect(flagValues(args, "--ro-bind", 2)).toContainEqual(["/pods/p/volumes/b", "/mnt/a/b"]);
    expect(args.indexOf("/mnt/a")).toBeGreaterThan(args.indexOf("--dev"));
  });

  it("keeps the inherited session only for a terminal", () => {
    expect(bwrapArgs(spec())).toContain("--new-session");
    expect(bwrapArgs(spec({ newSession: false }))).not.toContain("--new-session");
  });

  it("lets a durable pod's sandbox outlive the executor", () => {
    const args = bwrapArgs(spec({ dieWithParent: false }));
    expect(args).not.toContain("--die-with-parent");
    expect(args).toContain("--new-session");
  });

  const problem = (dest: string, hostExists = false) =>
    mountPointProblem({ dest, layout: merged, hidesUsrLocal: false, hostExists: () => hostExists });
  it.each([
    ["/mnt/data", undefined],
    [
      "/etc/config",
      "mountPath /etc/config cannot be created: /etc is the host's, read-only, and has no /etc/config",
    ],
    [
      "/bin/tool",
      "mountPath /bin/tool cannot be created: /usr is the host's, read-only, and has no /usr/bin/tool",
    ],
  ])("checks that bwrap can create the mount point %s", (dest, expected) => {
    expect(problem(dest)).toBe(expected);
  });

  it("accepts a mount point the host already has", () => {
    expect(problem("/etc/ssl", true)).toBeUndefined();
  });
});
