import { readFile } from "node:fs/promises";
import {
  type Document,
  LineCounter,
  parseAllDocuments,
  type ScalarTag,
  type Tags,
  type YAMLError,
} from "yaml";
import { invalid, notFound } from "../util/errors.js";
import { type Locator, makeLocator, type Position } from "./locate.js";
import type { Problem } from "./problem.js";
import { reindentFlowContinuations } from "./reindent.js";

/** One non-empty YAML document of a file, as plain data plus a way back to its source positions. */
export interface LoadedDocument {
  /** Position among the non-empty documents of the text, from 0. */
  index: number;
  /** `kind` of the object when it is a string. */
  kind?: string;
  /** The document as plain JSON-like data. */
  object: unknown;
  file?: string;
  /**
   * Where the node at `path` starts (a map entry's key, a list item's first character); when the
   * exact path is missing, the deepest existing ancestor.
   */
  locate: Locator;
}

/** What {@link loadDocuments} returns: the documents, and the syntax problems of the whole text. */
export interface LoadResult {
  documents: LoadedDocument[];
  problems: Problem[];
}

/**
 * Argo reads YAML with go-yaml, which follows YAML 1.1 for octal: `mode: 0755` means 493. Argo's own
 * examples rely on it for artifact modes, so a leading-zero integer is read as octal here too.
 */
const yaml11Octal: ScalarTag = {
  // Reading only: never chosen when a number is written back out.
  identify: () => false,
  default: true,
  tag: "tag:yaml.org,2002:int",
  format: "OCT",
  test: /^0[0-7]+$/,
  resolve: (text) => Number.parseInt(text, 8),
};

const withOctal = (tags: Tags): Tags => [yaml11Octal, ...tags];

/**
 * Parses every document of a YAML text. Empty documents (only comments, or a bare `---`) are dropped;
 * syntax errors, including duplicate keys, become problems with code `yaml` and a line and column.
 */
export function loadDocuments(text: string, file?: string): LoadResult {
  const { docs, toPosition } = parseLeniently(text);
  const problems: Problem[] = [];
  const documents: LoadedDocument[] = [];
  const where = { toPosition, file };
  for (const doc of docs) {
    for (const e of doc.errors) problems.push(yamlProblem(e, where, "error"));
    for (const w of doc.warnings) problems.push(yamlProblem(w, where, "warning"));
    if (doc.contents === null) continue;
    const object = toPlain(doc, where, problems);
    if (object === null || object === undefined) continue;
    const kind = kindOf(object);
    documents.push({
      index: documents.length,
      ...(kind === undefined ? {} : { kind }),
      object,
      ...(file === undefined ? {} : { file }),
      locate: makeLocator(doc, toPosition),
    });
  }
  return { documents, problems };
}

interface Parsed {
  docs: Document.Parsed[];
  toPosition: (offset: number) => Position;
}

/**
 * Parses as YAML 1.2; when that fails, retries with go-yaml's tolerance for under-indented flow
 * continuation lines (see reindent.ts) and keeps whichever attempt has fewer errors.
 */
function parseLeniently(text: string): Parsed {
  const strict = parse(text, new Map());
  if (errorCount(strict.docs) === 0) return strict;
  const repaired = reindentFlowContinuations(text);
  if (repaired.pads.size === 0) return strict;
  const lenient = parse(repaired.text, repaired.pads);
  return errorCount(lenient.docs) < errorCount(strict.docs) ? lenient : strict;
}

function parse(text: string, pads: ReadonlyMap<number, number>): Parsed {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, {
    lineCounter: lines,
    prettyErrors: false,
    merge: true,
    customTags: withOctal,
    // JSON has only string keys, like Argo's YAML-to-JSON step: a list or map used as a key is an
    // error here rather than a process warning.
    stringKeys: true,
    logLevel: "error",
  });
  const docs = Array.isArray(parsed) ? parsed : [];
  const toPosition = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line, column: Math.max(1, col - (pads.get(line) ?? 0)) };
  };
  return { docs, toPosition };
}

const errorCount = (docs: readonly Document.Parsed[]): number =>
  docs.reduce((n, d) => n + d.errors.length, 0);

/**
 * Reads a file and loads it with {@link loadDocuments}.
 * @throws ArgosyError `NotFound` when the file does not exist, `Invalid` when it cannot be read.
 */
export async function loadFile(path: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    if (isMissingFile(cause)) throw notFound(`file ${path}`, { cause });
    throw invalid(`cannot read ${path}`, { cause });
  }
  return loadDocuments(text, path);
}

interface Where {
  toPosition: (offset: number) => Position;
  file: string | undefined;
}

function toPlain(doc: Document.Parsed, where: Where, problems: Problem[]): unknown {
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (cause) {
    // Alias bombs and unresolvable aliases end here; the document is unusable but the file is not.
    const { line, column } = where.toPosition(doc.contents?.range?.[0] ?? 0);
    const message = cause instanceof Error ? cause.message : String(cause);
    problems.push({
      code: "yaml",
      path: "",
      message,
      line,
      column,
      severity: "error",
      ...inFile(where.file),
    });
    return undefined;
  }
}

function yamlProblem(e: YAMLError, where: Where, severity: Problem["severity"]): Problem {
  const { line, column } = where.toPosition(e.pos[0]);
  return { code: "yaml", path: "", message: e.message, line, column, severity, ...inFile(where.file) };
}

const inFile = (file: string | undefined) => (file === undefined ? {} : { file });

function kindOf(object: unknown): string | undefined {
  if (object === null || typeof object !== "object" || Array.isArray(object)) return undefined;
  const kind = (object as Record<string, unknown>).kind;
  return typeof kind === "string" ? kind : undefined;
}

const isMissingFile = (e: unknown): boolean =>
  typeof e === "object" && e !== null && (e as { code?: unknown }).code === "ENOENT";
