import { describe, expect, it } from "vitest";
import { type AuthInfo, checkAccess, type Target, targetOf, type Verb } from "./access.js";
import type { Role } from "./token-file.js";

const token = (role: Role, namespaces: string[] | "*"): AuthInfo => ({
  tokenId: "t",
  subject: "n",
  role,
  namespaces,
});
const ns = (namespace: string): Target => ({ namespace });
const all: Target = { allNamespaces: true };
const cluster: Target = { cluster: true };

describe("checkAccess", () => {
  const cases: [string, AuthInfo, Target, Verb, boolean][] = [
    ["view reads its namespace", token("view", ["a"]), ns("a"), "read", true],
    ["view cannot read another namespace", token("view", ["a"]), ns("b"), "read", false],
    ["view cannot write its namespace", token("view", ["a"]), ns("a"), "write", false],
    ["view with * reads any namespace", token("view", "*"), ns("z"), "read", true],
    ["a stored ['*'] list reaches any namespace too", token("view", ["*"]), ns("z"), "read", true],
    ["edit writes its namespace", token("edit", ["a", "b"]), ns("b"), "write", true],
    ["edit cannot write another namespace", token("edit", ["a"]), ns("b"), "write", false],
    ["edit cannot list all namespaces", token("edit", ["a"]), all, "read", false],
    ["edit with * lists all namespaces", token("edit", "*"), all, "read", true],
    ["admin lists all namespaces", token("admin", ["a"]), all, "read", true],
    ["admin cannot write all namespaces when limited", token("admin", ["a"]), all, "write", false],
    ["admin cannot write another namespace", token("admin", ["a"]), ns("b"), "write", false],
    ["anyone reads cluster objects", token("view", ["a"]), cluster, "read", true],
    ["edit cannot write cluster objects", token("edit", ["*"]), cluster, "write", false],
    ["admin writes cluster objects", token("admin", ["a"]), cluster, "write", true],
  ];
  it.each(cases)("%s", (_name, auth, target, verb, allowed) => {
    const why = checkAccess(auth, target, verb);
    expect(why === undefined).toBe(allowed);
    if (!allowed) expect(why).toMatch(/^forbidden: token "n" \(role \w+\) cannot (read|write) /);
  });

  it("maps Argo's empty namespace to an all-namespaces target", () => {
    expect(targetOf("")).toEqual(all);
    expect(targetOf(undefined)).toEqual(all);
    expect(targetOf("a")).toEqual(ns("a"));
  });
});
