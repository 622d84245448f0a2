import { describe, expect, it } from "vitest";
import { ansiPaint, Fg, podColor } from "./color.js";
import { formatTable, visibleWidth } from "./table.js";

describe("formatTable", () => {
  it("pads every cell but the last to its column's width plus the padding", () => {
    const text = formatTable(
      [
        ["NAME", "STATUS", "MESSAGE"],
        ["a-long-name", "Running", ""],
        ["b", "Succeeded", "done"],
      ],
      3,
    );
    expect(text).toBe(
      [
        "NAME          STATUS      MESSAGE",
        "a-long-name   Running",
        "b             Succeeded   done",
        "",
      ].join("\n"),
    );
  });

  it("does not count colour codes or multi-byte icons as extra width", () => {
    const icon = ansiPaint("✔", Fg.green);
    expect(visibleWidth(icon)).toBe(1);
    const text = formatTable(
      [
        [`${icon} a`, "x"],
        ["bbb", "y"],
      ],
      2,
    );
    const [first, second] = text.split("\n");
    expect(first?.replaceAll(`${"\u001b"}[32m`, "").replaceAll(`${"\u001b"}[0m`, "")).toBe("✔ a  x");
    expect(second).toBe("bbb  y");
  });

  it("prints nothing for no rows", () => {
    expect(formatTable([], 3)).toBe("");
  });
});

describe("podColor", () => {
  it("gives a pod the same colour every time, from Argo's six", () => {
    expect(podColor("wf-abc-123")).toBe(podColor("wf-abc-123"));
    expect([Fg.green, Fg.yellow, Fg.blue, Fg.magenta, Fg.cyan, Fg.white]).toContain(podColor("x"));
    // "a" is 97; 97 % 6 = 1 → yellow
    expect(podColor("a")).toBe(Fg.yellow);
  });
});
