import { describe, expect, it } from "vitest";
import { runFake } from "./testing.js";

const data: Record<string, Record<string, string>> = { "default/settings": { greeting: "from-configmap" } };
const configMapValue = ({ namespace, name, key }: { namespace: string; name: string; key: string }) =>
  data[`${namespace}/${name}`]?.[key];

describe("parameters from ConfigMaps", () => {
  it("fills a workflow argument and a template input from configMapKeyRef", () => {
    const run = runFake(
      `
spec:
  entrypoint: t
  arguments:
    parameters: [{name: g, valueFrom: {configMapKeyRef: {name: settings, key: greeting}}}]
  templates:
  - name: t
    inputs:
      parameters: [{name: i, valueFrom: {configMapKeyRef: {name: settings, key: greeting}}}]
    container: {image: busybox, args: ["{{workflow.parameters.g}}", "{{inputs.parameters.i}}"]}
`,
      () => undefined,
      { configMapValue },
    );
    expect(run.pods[0]?.main.args).toEqual(["from-configmap", "from-configmap"]);
  });

  it("errors the node when the key is missing and there is no default", () => {
    const run = runFake(
      `
spec:
  entrypoint: t
  templates:
  - name: t
    inputs:
      parameters: [{name: i, valueFrom: {configMapKeyRef: {name: settings, key: nope}}}]
    container: {image: busybox}
`,
      () => undefined,
      { configMapValue },
    );
    expect(run.byName("").message).toMatch(/key 'nope' of ConfigMap 'settings' not found/);
    expect(run.workflow.status?.phase).toBe("Error");
  });
});
