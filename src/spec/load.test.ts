import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isArgosyError } from "../util/errors.js";
import { loadDocuments, loadFile } from "./load.js";
import { yaml } from "./testing.js";

const twoDocs = yaml`
  # a comment before the first document
  apiVersion: argoproj.io/v1alpha1
  kind: WorkflowTemplate
  metadata:
    name: t
  spec:
    templates:
    - name: main
      container:
        image: alpine
        args: [a, b]
  ---
  # only a comment: an empty document
  ---
  kind: ConfigMap
  data:
    k: v
`;

describe("loadDocuments", () => {
  it("loads every non-empty document with its index and kind", () => {
    const { documents, problems } = loadDocuments(twoDocs, "f.yaml");
    expect(problems).toEqual([]);
    expect(documents.map((d) => [d.index, d.kind, d.file])).toEqual([
      [0, "WorkflowTemplate", "f.yaml"],
      [1, "ConfigMap", "f.yaml"],
    ]);
    expect(documents[1]?.object).toEqual({ kind: "ConfigMap", data: { k: "v" } });
  });

  it("locates a map entry at its key and a list item at its first character", () => {
    const doc = loadDocuments(twoDocs).documents[0];
    expect(doc?.locate(["spec", "templates", 0, "container"])).toEqual({ line: 9, column: 5 });
    expect(doc?.locate(["spec", "templates", 0])).toEqual({ line: 8, column: 5 });
    expect(doc?.locate(["spec", "templates", 0, "container", "args", 1])).toEqual({ line: 11, column: 17 });
  });

  it("locates a missing path at its deepest existing ancestor", () => {
    const doc = loadDocuments(twoDocs).documents[0];
    expect(doc?.locate(["spec", "templates", 0, "container", "command"])).toEqual({ line: 9, column: 5 });
    expect(doc?.locate(["spec", "templates", 7, "name"])).toEqual({ line: 7, column: 3 });
  });

  it("gives lines relative to the whole text in later documents", () => {
    const doc = loadDocuments(twoDocs).documents[1];
    expect(doc?.locate(["data", "k"])).toEqual({ line: 17, column: 3 });
  });

  it("reports a syntax error with its line and column", () => {
    const { problems } = loadDocuments("a: 1\nb: [1, 2\nc: 3\n", "bad.yaml");
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({
      code: "yaml",
      severity: "error",
      file: "bad.yaml",
      line: expect.any(Number),
    });
  });

  it("reports duplicate keys, as Argo's strict decoder does", () => {
    const { problems } = loadDocuments("a: 1\nb: 2\na: 3\n");
    expect(problems).toMatchObject([
      { code: "yaml", line: 3, column: 1, message: "Map keys must be unique" },
    ]);
  });

  it("reads a leading-zero integer as octal like go-yaml (artifact modes)", () => {
    const { documents } = loadDocuments("mode: 0755\nplain: 755\nquoted: '0755'\n");
    expect(documents[0]?.object).toEqual({ mode: 493, plain: 755, quoted: "0755" });
  });

  it("accepts flow continuation lines indented like their key, as go-yaml does", () => {
    const text = ['args: ["', "  echo hi &&", "  echo there", '"]', "next: 1", ""].join("\n");
    const { documents, problems } = loadDocuments(text);
    expect(problems).toEqual([]);
    expect(documents[0]?.object).toEqual({ args: [" echo hi && echo there "], next: 1 });
    expect(documents[0]?.locate(["next"])).toEqual({ line: 5, column: 1 });
  });

  it("supports merge keys and rejects a collection used as a key", () => {
    const { documents, problems } = loadDocuments(
      "base: &b {x: 1, y: 2}\nobj:\n  <<: *b\n  y: 3\n? [a]\n: z\n",
    );
    expect(documents[0]?.object).toMatchObject({ obj: { x: 1, y: 3 } });
    expect(problems).toMatchObject([{ code: "yaml", line: 5 }]);
  });

  it("returns nothing for an empty text", () => {
    expect(loadDocuments("")).toEqual({ documents: [], problems: [] });
    expect(loadDocuments("# just a comment\n").documents).toEqual([]);
  });
});

describe("loadFile", () => {
  it("reads and loads a file, naming it in problems", async () => {
    const dir = mkdtempSync(join(tmpdir(), "argosy-spec-"));
    const path = join(dir, "wf.yaml");
    writeFileSync(path, "kind: Workflow\nkind: Workflow\n");
    const { documents, problems } = await loadFile(path);
    expect(documents[0]?.file).toBe(path);
    expect(problems[0]?.file).toBe(path);
  });

  it("throws NotFound for a missing file", async () => {
    const error = await loadFile("/nonexistent/argosy/wf.yaml").catch((e: unknown) => e);
    expect(isArgosyError(error) && error.code).toBe("NotFound");
  });
});
