import { describe, expect, it } from "vitest";
import { containerArgv, podEnvironment } from "./command.js";
import {
  defaultImageProfiles,
  findImageProfile,
  type ImageProfile,
  normalizeImage,
} from "./image-profiles.js";

describe("image profiles", () => {
  const cases: [image: string, profile: string | undefined][] = [
    ["busybox", "busybox"],
    ["busybox:1.36", "busybox"],
    ["docker.io/library/busybox:latest", "busybox"],
    ["busybox@sha256:abc", "busybox"],
    ["alpine", "alpine"],
    ["alpine:3.20", "alpine"],
    ["alpine/git", undefined],
    ["python:alpine3.23", "python"],
    ["python:3.12", "python"],
    ["debian:bookworm-slim", "debian"],
    ["debian", "debian"],
    ["ubuntu:24.04", "ubuntu"],
    ["argoproj/argosay:v2", "argosay-v2"],
    ["quay.io/argoproj/argosay:v2", "argosay-v2"],
    ["argoproj/argosay:v1", "argosay-v1"],
    ["argoproj/argosay:v3", undefined],
    ["docker/whalesay", "whalesay"],
    ["docker/whalesay:latest", "whalesay"],
    ["curlimages/curl:latest", "curl"],
    ["nginx:1.13", "nginx"],
    ["influxdb:1.2", "influxdb"],
    ["mybusybox", undefined],
  ];
  it.each(cases)("maps %s to %s", (image, profile) => {
    expect(findImageProfile(image, defaultImageProfiles)?.name).toBe(profile);
  });

  it("drops Docker Hub prefixes when normalising", () => {
    expect(normalizeImage("index.docker.io/library/alpine:3")).toBe("alpine:3");
    expect(normalizeImage("quay.io/org/img:1")).toBe("quay.io/org/img:1");
  });

  it("accepts regular expressions and predicates, first match winning", () => {
    const custom: ImageProfile[] = [
      { name: "re", match: /^tools\/.*:v\d+$/, userland: "host" },
      { name: "fn", match: (image) => image.endsWith(":special"), userland: "busybox" },
    ];
    const table = [...custom, ...defaultImageProfiles];
    expect(findImageProfile("tools/jq:v1", table)?.name).toBe("re");
    expect(findImageProfile("alpine:special", table)?.name).toBe("fn");
    expect(findImageProfile("alpine:3", table)?.name).toBe("alpine");
  });
});

describe("container argv", () => {
  const busybox = findImageProfile("busybox", defaultImageProfiles);
  const withEntrypoint: ImageProfile = {
    name: "e",
    match: "e",
    userland: "host",
    entrypoint: ["/init"],
    defaultCommand: ["serve"],
  };
  const cases: [what: string, input: Parameters<typeof containerArgv>[0], argv: string[]][] = [
    [
      "command and args",
      { container: { name: "main", image: "busybox", command: ["echo"], args: ["a"] }, profile: busybox },
      ["echo", "a"],
    ],
    [
      "command replaces the default command",
      { container: { name: "main", image: "busybox", command: ["id"] }, profile: busybox },
      ["id"],
    ],
    [
      "args alone replace the default command",
      { container: { name: "main", image: "busybox", args: ["echo", "x"] }, profile: busybox },
      ["echo", "x"],
    ],
    [
      "neither runs the default command",
      { container: { name: "main", image: "busybox" }, profile: busybox },
      ["sh"],
    ],
    [
      "args keep the entrypoint",
      { container: { name: "main", image: "e", args: ["x"] }, profile: withEntrypoint },
      ["/init", "x"],
    ],
    [
      "command drops the entrypoint",
      { container: { name: "main", image: "e", command: ["sh"] }, profile: withEntrypoint },
      ["sh"],
    ],
    [
      "a script comes last",
      {
        container: { name: "main", image: "busybox", command: ["sh"], args: ["-e"] },
        profile: busybox,
        scriptPath: "/s",
      },
      ["sh", "-e", "/s"],
    ],
    [
      "no profile and no command is empty",
      { container: { name: "main", image: "x" }, profile: undefined },
      [],
    ],
  ];
  it.each(cases)("%s", (_what, input, argv) => {
    expect(containerArgv(input)).toEqual(argv);
  });
});

describe("pod environment", () => {
  it("holds PATH, HOME, HOSTNAME, the container env and Argo's variables, the latter winning", () => {
    const env = podEnvironment({
      pod: {
        podName: "wf-main-123",
        nodeId: "wf-123",
        workflowName: "wf",
        namespace: "default",
        templateName: "main",
        main: {
          name: "main",
          image: "busybox",
          env: [
            { name: "A", value: "1" },
            { name: "ARGO_POD_NAME", value: "x" },
          ],
        },
      },
      path: "/bin",
      home: "/root",
      hostname: "wf-main-123",
    });
    expect(env).toEqual({
      PATH: "/bin",
      HOME: "/root",
      HOSTNAME: "wf-main-123",
      A: "1",
      ARGO_WORKFLOW_NAME: "wf",
      ARGO_POD_NAME: "wf-main-123",
      ARGO_NODE_ID: "wf-123",
      ARGO_TEMPLATE: '{"name":"main"}',
      ARGO_CONTAINER_NAME: "main",
    });
  });
});
