/**
 * Compiles a parsed regex to a small instruction set and runs it with a Pike VM: every input
 * position is visited once with at most one thread per instruction, so matching is linear in the
 * input (no catastrophic backtracking), and thread order gives Go's leftmost-first submatches.
 */
import { fail } from "../errors.js";
import type { CharTest, Rx } from "./parse.js";

export type Inst =
  | { op: "char"; test: CharTest }
  | { op: "split"; x: number; y: number }
  | { op: "jmp"; x: number }
  | { op: "save"; n: number }
  | { op: "assert"; kind: "bol" | "eol" | "bot" | "eot" | "word" | "nword" }
  | { op: "match" };

const maxProgram = 50_000;

/** Compiles `node` into a program `save 0; node; save 1; match`. */
export function compileProgram(node: Rx): Inst[] {
  const prog: Inst[] = [{ op: "save", n: 0 }];
  emit(node, prog);
  prog.push({ op: "save", n: 1 }, { op: "match" });
  return prog;
}

function push(prog: Inst[], inst: Inst): number {
  if (prog.length >= maxProgram) throw fail("error parsing regexp: expression too large");
  prog.push(inst);
  return prog.length - 1;
}

function emit(node: Rx, prog: Inst[]): void {
  switch (node.t) {
    case "char":
      push(prog, { op: "char", test: node.test });
      return;
    case "empty":
      return;
    case "assert":
      push(prog, { op: "assert", kind: node.kind });
      return;
    case "cat":
      for (const item of node.items) emit(item, prog);
      return;
    case "group":
      if (node.index !== undefined) push(prog, { op: "save", n: node.index * 2 });
      emit(node.node, prog);
      if (node.index !== undefined) push(prog, { op: "save", n: node.index * 2 + 1 });
      return;
    case "alt": {
      const jumps: number[] = [];
      node.items.forEach((item, i) => {
        if (i < node.items.length - 1) {
          const split = push(prog, { op: "split", x: 0, y: 0 });
          emit(item, prog);
          jumps.push(push(prog, { op: "jmp", x: 0 }));
          prog[split] = { op: "split", x: split + 1, y: prog.length };
        } else emit(item, prog);
      });
      for (const j of jumps) prog[j] = { op: "jmp", x: prog.length };
      return;
    }
    case "rep":
      emitRepeat(node, prog);
      return;
  }
}

function emitRepeat(node: Extract<Rx, { t: "rep" }>, prog: Inst[]): void {
  for (let k = 0; k < node.min; k++) emit(node.node, prog);
  if (node.max === -1) {
    // L: split body, out; body; jmp L
    const split = push(prog, { op: "split", x: 0, y: 0 });
    emit(node.node, prog);
    push(prog, { op: "jmp", x: split });
    setSplit(prog, split, { body: split + 1, out: prog.length, greedy: node.greedy });
    return;
  }
  const splits: number[] = [];
  for (let k = node.min; k < node.max; k++) {
    splits.push(push(prog, { op: "split", x: 0, y: 0 }));
    emit(node.node, prog);
  }
  for (const s of splits) setSplit(prog, s, { body: s + 1, out: prog.length, greedy: node.greedy });
}

function setSplit(prog: Inst[], at: number, to: { body: number; out: number; greedy: boolean }): void {
  const { body, out, greedy } = to;
  prog[at] = greedy ? { op: "split", x: body, y: out } : { op: "split", x: out, y: body };
}

const isWord = (c: number | undefined): boolean =>
  c !== undefined && ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95);

interface Thread {
  pc: number;
  caps: number[];
}

/**
 * Finds the leftmost-first match in `input` (code points) starting the search at `start`.
 * Returns capture positions (code-point indices, -1 for unset groups) or null. `tick` is charged
 * once per thread step so callers can bound the work.
 */
export function runProgram(
  prog: Inst[],
  input: number[],
  search: { start: number; ncap: number; tick: (n: number) => void },
): number[] | null {
  const { start, ncap, tick } = search;
  const seen = new Int32Array(prog.length).fill(-1);
  let generation = 0;
  let clist: Thread[] = [];
  let matched: number[] | null = null;
  const n = input.length;

  const add = (list: Thread[], start: Thread, pos: number): void => {
    const stack: Thread[] = [start];
    while (stack.length > 0) {
      const { pc, caps } = stack.pop() as Thread;
      if (seen[pc] === generation) continue;
      seen[pc] = generation;
      const inst = prog[pc] as Inst;
      switch (inst.op) {
        case "jmp":
          stack.push({ pc: inst.x, caps });
          break;
        case "split":
          stack.push({ pc: inst.y, caps }, { pc: inst.x, caps });
          break;
        case "save": {
          const copy = caps.slice();
          copy[inst.n] = pos;
          stack.push({ pc: pc + 1, caps: copy });
          break;
        }
        case "assert":
          if (assertHolds(inst.kind, input, pos)) stack.push({ pc: pc + 1, caps });
          break;
        default:
          list.push({ pc, caps });
      }
    }
  };

  for (let pos = start; pos <= n; pos++) {
    generation++;
    if (matched === null) {
      // Restarting the search here has the lowest priority: earlier starts win (leftmost).
      const fresh: Thread[] = [];
      for (const t of clist) seen[t.pc] = generation;
      add(fresh, { pc: 0, caps: new Array<number>(ncap * 2).fill(-1) }, pos);
      clist = clist.concat(fresh);
    }
    if (clist.length === 0) {
      if (matched !== null) break;
      continue;
    }
    tick(clist.length);
    generation++;
    const nlist: Thread[] = [];
    for (const t of clist) {
      const inst = prog[t.pc] as Inst;
      if (inst.op === "match") {
        matched = t.caps;
        break;
      }
      if (inst.op === "char" && pos < n && inst.test(input[pos] as number))
        add(nlist, { pc: t.pc + 1, caps: t.caps }, pos + 1);
    }
    clist = nlist;
  }
  return matched;
}

function assertHolds(kind: Extract<Inst, { op: "assert" }>["kind"], input: number[], pos: number): boolean {
  switch (kind) {
    case "bot":
      return pos === 0;
    case "eot":
      return pos === input.length;
    case "bol":
      return pos === 0 || input[pos - 1] === 10;
    case "eol":
      return pos === input.length || input[pos] === 10;
    case "word":
      return isWord(input[pos - 1]) !== isWord(input[pos]);
    case "nword":
      return isWord(input[pos - 1]) === isWord(input[pos]);
  }
}
