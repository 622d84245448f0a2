import { describe, expect, it } from "vitest";
import { errorsIn, problemsIn, yaml } from "../testing.js";

/** An EventBus named `default` whose spec is `spec`, starting at line 5. */
const bus = (spec: string): string =>
  `apiVersion: argoproj.io/v1alpha1\nkind: EventBus\nmetadata: {name: default}\nspec:\n${spec
    .trim()
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n")}\n`;

describe("EventBus: valid manifests", () => {
  // Modelled on Argo Events' examples/eventbus and its JetStream documentation.
  it.each([
    ["native NATS", "nats:\n  native:\n    replicas: 3\n    auth: token\n    maxAge: 72h"],
    ["native NATS, all defaults", "nats:\n  native: {}"],
    ["exotic NATS", "nats:\n  exotic:\n    url: nats://nats.svc:4222\n    clusterID: stan\n    auth: none"],
    [
      "JetStream",
      "jetstream:\n  version: latest\n  replicas: 3\n  persistence: {storageClassName: standard, accessMode: ReadWriteOnce, volumeSize: 10Gi}\n  streamConfig: |\n    maxAge: 24h",
    ],
    [
      "JetStream elsewhere",
      "jetstreamExotic:\n  url: nats://nats.example.com:4222\n  accessSecret: {name: nats, key: token}",
    ],
  ])("%s lints clean", (_, spec) => {
    expect(problemsIn(bus(spec))).toEqual([]);
  });

  it("accepts an empty spec (Argosy's embedded bus) with a warning, since Argo rejects it", () => {
    const text = yaml`
      apiVersion: argoproj.io/v1alpha1
      kind: EventBus
      metadata: {name: default}
      spec: {}
    `;
    expect(errorsIn(text)).toEqual([]);
    expect(problemsIn(text)).toMatchObject([
      { code: "argo-compatibility", severity: "warning", path: "spec", line: 4 },
    ]);
  });
});

describe("EventBus rules", () => {
  it.each([
    [
      "native and exotic together",
      "nats:\n  native: {}\n  exotic: {url: u, clusterID: c}",
      "spec.nats.exotic",
      7,
      "invalid-value",
    ],
    ["nats with neither native nor exotic", "nats:\n  foo: 1", "spec.nats", 5, "required"],
    [
      "exotic NATS without clusterID",
      "nats:\n  exotic: {url: nats://h}",
      "spec.nats.exotic.clusterID",
      6,
      "required",
    ],
    ["exotic NATS without url", "nats:\n  exotic: {clusterID: c}", "spec.nats.exotic.url", 6, "required"],
    ["JetStream without version", "jetstream:\n  replicas: 3", "spec.jetstream.version", 5, "required"],
    [
      "JetStream with 2 replicas",
      "jetstream:\n  version: latest\n  replicas: 2",
      "spec.jetstream.replicas",
      7,
      "invalid-value",
    ],
    [
      "jetstreamExotic without url",
      "jetstreamExotic:\n  streamConfig: x",
      "spec.jetstreamExotic.url",
      5,
      "required",
    ],
    ["kafka without url", "kafka:\n  topic: t", "spec.kafka.url", 5, "required"],
  ])("reports %s", (_, spec, path, line, code) => {
    const found = errorsIn(bus(spec)).filter((p) => p.code !== "unknown-field");
    expect(found).toEqual([{ code, path, line }]);
  });

  it("uses Argo's messages", () => {
    expect(problemsIn(bus("jetstream:\n  version: latest\n  replicas: 0"))[0]?.message).toBe(
      "invalid spec: a jetstream eventbus requires 1 replica or >= 3 replicas",
    );
    expect(problemsIn(bus("nats:\n  exotic: {url: u}"))[0]?.message).toBe(
      '"spec.nats.exotic.clusterID" is missing',
    );
  });

  it("reports misspelt fields", () => {
    expect(errorsIn(bus("jetstream:\n  version: latest\n  replica: 3"))).toEqual([
      { code: "unknown-field", path: "spec.jetstream.replica", line: 7 },
    ]);
  });
});
