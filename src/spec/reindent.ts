/**
 * go-yaml (which Argo uses) accepts a flow collection or quoted string whose later lines are indented
 * no deeper than the key that opened it:
 *
 *     args: ["
 *       echo hi
 *     "]
 *
 * The `yaml` package rejects it as YAML 1.2 requires. Several of Argo's own examples are written this
 * way, so before giving up on a text we indent such continuation lines one column past their opening
 * line. Inside flow collections and quoted scalars leading spaces are folded away, so the value is
 * unchanged; only columns on the touched lines move, and {@link Reindented.pads} lets callers undo it.
 */

/** A repaired text and, by 1-based line number, how many spaces were added at the start of the line. */
export interface Reindented {
  text: string;
  pads: ReadonlyMap<number, number>;
}

interface ScanState {
  depth: number;
  quote: '"' | "'" | undefined;
  /** Content column of the line on which the open flow collection or quote started. */
  anchor: number;
  /** Indentation of the line that opened a block scalar whose body we are in. */
  blockParent: number | undefined;
  /** Whether the next character may begin a token (a quote there opens a quoted scalar). */
  tokenStart: boolean;
}

/** Indents under-indented continuation lines of flow collections and quoted scalars; see the file note. */
export function reindentFlowContinuations(text: string): Reindented {
  const lines = text.split("\n");
  const pads = new Map<number, number>();
  const state: ScanState = {
    depth: 0,
    quote: undefined,
    anchor: 0,
    blockParent: undefined,
    tokenStart: true,
  };
  lines.forEach((line, i) => {
    const indent = line.length - line.trimStart().length;
    const blank = line.trim() === "";
    if (state.blockParent !== undefined) {
      if (blank || indent > state.blockParent) return;
      state.blockParent = undefined;
    }
    if (/^(---|\.\.\.)(\s|$)/.test(line)) {
      Object.assign(state, { depth: 0, quote: undefined });
      return;
    }
    const open = state.depth > 0 || state.quote !== undefined;
    let current = line;
    if (open && !blank && indent <= state.anchor) {
      const pad = state.anchor + 1 - indent;
      current = " ".repeat(pad) + line;
      lines[i] = current;
      pads.set(i + 1, pad);
    }
    scanLine(current, state);
    if (!open && (state.depth > 0 || state.quote !== undefined)) state.anchor = contentColumn(current);
  });
  return { text: lines.join("\n"), pads };
}

/** Column of the first character after indentation and sequence dashes (`- - key: [` gives the key's). */
function contentColumn(line: string): number {
  const m = /^(\s*(?:-\s+)*)/.exec(line);
  return m?.[1]?.length ?? 0;
}

function scanLine(line: string, state: ScanState): void {
  if (state.depth === 0 && state.quote === undefined) state.tokenStart = true;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (state.quote !== undefined) {
      i = scanQuoted(line, i, state);
      state.tokenStart = false;
      continue;
    }
    const prevSpace = i === 0 || line[i - 1] === " " || line[i - 1] === "\t";
    if (ch === "#" && prevSpace) return;
    if (ch === " " || ch === "\t") continue;
    const inFlow = state.depth > 0;
    if ((ch === '"' || ch === "'") && state.tokenStart) {
      state.quote = ch;
      continue;
    }
    if ((ch === "[" || ch === "{") && (state.tokenStart || inFlow)) {
      state.depth += 1;
      state.tokenStart = true;
      continue;
    }
    if (inFlow && (ch === "]" || ch === "}")) {
      state.depth -= 1;
      state.tokenStart = false;
      continue;
    }
    if ((ch === "|" || ch === ">") && state.tokenStart && !inFlow) {
      state.blockParent = line.length - line.trimStart().length;
      return;
    }
    state.tokenStart = startsToken(line, i, inFlow);
  }
}

/** Whether the character after position `i` begins a new token. */
function startsToken(line: string, i: number, inFlow: boolean): boolean {
  const ch = line[i];
  const next = line[i + 1];
  const spaced = next === undefined || next === " " || next === "\t";
  if (ch === "-" || ch === ":" || ch === "?") return spaced;
  return inFlow && ch === ",";
}

/** Advances through a quoted scalar from `i`; returns the index of its last character on this line. */
function scanQuoted(line: string, i: number, state: ScanState): number {
  for (let j = i; j < line.length; j++) {
    const ch = line[j];
    if (state.quote === '"' && ch === "\\") {
      j += 1;
      continue;
    }
    if (ch !== state.quote) continue;
    if (state.quote === "'" && line[j + 1] === "'") {
      j += 1;
      continue;
    }
    state.quote = undefined;
    return j;
  }
  return line.length;
}
