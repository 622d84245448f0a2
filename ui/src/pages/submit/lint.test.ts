import { describe, expect, it } from "vitest";
import { parseManifest, splitServerMessage } from "./lint.js";

describe("lint helpers", () => {
  it("splits the server's message into path and message", () => {
    expect(
      splitServerMessage(
        "spec.templates[0].steps: templates.main multiple template types specified (container, steps). choose one of: container; spec.templates[1]: templates.b template type unspecified",
      ),
    ).toEqual([
      {
        path: "spec.templates[0].steps",
        message:
          "templates.main multiple template types specified (container, steps). choose one of: container",
      },
      { path: "spec.templates[1]", message: "templates.b template type unspecified" },
    ]);
    expect(splitServerMessage("workflow was not found in the request body")).toEqual([
      { message: "workflow was not found in the request body" },
    ]);
  });

  it("refuses text that is not a Workflow mapping", () => {
    expect(parseManifest("- a\n- b\n").problems[0]?.message).toMatch(/mapping/);
    expect(parseManifest("kind: CronWorkflow\n").problems[0]?.line).toBe(1);
    expect(parseManifest("kind: Workflow\nspec: {}\n").manifest).toEqual({ kind: "Workflow", spec: {} });
  });
});
