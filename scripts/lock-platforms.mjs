#!/usr/bin/env node
// The npm registry this project's machines reach serves only Linux builds of platform-specific
// optional packages (biome's and rollup's native binaries). `npm install` then leaves the other
// platforms' entries out of package-lock.json, and `npm ci` refuses a lockfile that lacks them.
// This adds each missing optional platform package as a lock entry with its os/cpu/libc read from
// its name, so `npm ci` sees a complete lockfile and skips those packages on this platform, as it
// would with a lockfile written against the full registry. Run it after `npm install`.
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const packages = lock.packages;
const osNames = [
  "android",
  "darwin",
  "freebsd",
  "linux",
  "openbsd",
  "openharmony",
  "win32",
  "sunos",
  "aix",
  "netbsd",
];
const cpuNames = [
  "arm64",
  "x64",
  "arm",
  "ia32",
  "ppc64",
  "riscv64",
  "s390x",
  "loong64",
  "mips64el",
  "ppc64le",
  "wasm32",
];

function platformOf(name) {
  const parts = name.split("/").pop().split("-");
  const os = parts.find((p) => osNames.includes(p));
  const cpu =
    parts.find((p) => cpuNames.includes(p)) ??
    (parts.includes("gnueabihf") || parts.includes("musleabihf") ? "arm" : undefined);
  if (!os || !cpu) return undefined;
  const libc =
    parts.includes("musl") || parts.includes("musleabihf")
      ? ["musl"]
      : os === "linux"
        ? ["glibc"]
        : undefined;
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
}

let added = 0;
for (const [key, entry] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${dep}`;
    if (packages[target]) continue;
    const platform = platformOf(dep);
    if (!platform) continue;
    packages[target] = {
      version,
      ...platform,
      ...(entry.dev || key === "" ? { dev: true } : {}),
      optional: true,
    };
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : 1)),
);
lock.packages = sorted;
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-platforms: added ${added} platform entries`);
