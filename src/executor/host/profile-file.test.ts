import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findImageProfile } from "./image-profiles.js";
import { loadImageProfiles } from "./profile-file.js";

const file = (content: string) => {
  const path = join(mkdtempSync(join(tmpdir(), "profiles-")), "profiles.json");
  writeFileSync(path, content);
  return path;
};

describe("image profiles from a file", () => {
  it("loads profiles that the lookup then finds", () => {
    const profiles = loadImageProfiles(
      file(
        JSON.stringify([
          { name: "tools", match: "example.com/tools:*", userland: "host", defaultCommand: ["bash"] },
        ]),
      ),
    );
    expect(findImageProfile("example.com/tools:1.2", profiles)?.name).toBe("tools");
  });

  it.each([
    ["{}", /expected a JSON list/],
    ['[{"match": "x", "userland": "host"}]', /entry 0: "name"/],
    ['[{"name": "a", "match": 3, "userland": "host"}]', /"match" must be a glob/],
    ['[{"name": "a", "match": "x", "userland": "alpine"}]', /"userland" must be/],
    ["not json", /image profiles file/],
  ])("rejects %s with a message naming the problem", (content, message) => {
    expect(() => loadImageProfiles(file(content))).toThrow(message);
  });
});
