/**
 * `GoRegexp`: Go `regexp` semantics (RE2 syntax, leftmost-first, linear time) for `matches`,
 * govaluate's `=~`, and sprig's regex functions. Compiled patterns are cached.
 */

import { parseRegex } from "./parse.js";
import { compileProgram, type Inst, runProgram } from "./vm.js";

/** Charged once per VM thread step; lets the caller's budget stop a long match. */
export type Tick = (n: number) => void;

const noTick: Tick = () => {};

interface Subject {
  cps: number[];
  /** UTF-16 offset of each code point, plus the string length at the end. */
  offsets: number[];
}

function subject(s: string): Subject {
  const cps: number[] = [];
  const offsets: number[] = [];
  for (let i = 0; i < s.length; ) {
    const c = s.codePointAt(i) ?? 0;
    cps.push(c);
    offsets.push(i);
    i += c > 0xffff ? 2 : 1;
  }
  offsets.push(s.length);
  return { cps, offsets };
}

const cache = new Map<string, GoRegexp>();

export class GoRegexp {
  private readonly prog: Inst[];
  /** Capture slots, group 0 included. */
  readonly ncap: number;
  readonly names: (string | undefined)[];
  readonly pattern: string;

  private constructor(compiled: {
    prog: Inst[];
    ncap: number;
    names: (string | undefined)[];
    pattern: string;
  }) {
    this.prog = compiled.prog;
    this.ncap = compiled.ncap;
    this.names = compiled.names;
    this.pattern = compiled.pattern;
  }

  /** Compiles (or reuses) a pattern; throws `ExprError` with Go's `error parsing regexp` wording. */
  static compile(pattern: string): GoRegexp {
    const hit = cache.get(pattern);
    if (hit) return hit;
    const parsed = parseRegex(pattern);
    const re = new GoRegexp({
      prog: compileProgram(parsed.node),
      ncap: parsed.groups + 1,
      names: parsed.names,
      pattern,
    });
    if (cache.size >= 512) cache.delete(cache.keys().next().value as string);
    cache.set(pattern, re);
    return re;
  }

  /** `MatchString`. */
  test(s: string, tick: Tick = noTick): boolean {
    return runProgram(this.prog, subject(s).cps, { start: 0, ncap: this.ncap, tick }) !== null;
  }

  /** `FindStringSubmatchIndex` from code point `start`; offsets are UTF-16 indices into `s`. */
  private execAt(sub: Subject, start: number, tick: Tick): number[] | null {
    return runProgram(this.prog, sub.cps, { start, ncap: this.ncap, tick });
  }

  /** `FindAllStringSubmatchIndex(s, n)` in code-point indices, with Go's empty-match rules. */
  private all(sub: Subject, n: number, tick: Tick): number[][] {
    const out: number[][] = [];
    let prevEnd = -1;
    for (let pos = 0; (n < 0 || out.length < n) && pos <= sub.cps.length; ) {
      const m = this.execAt(sub, pos, tick);
      if (!m) break;
      const [start = 0, end = 0] = m;
      let accept = true;
      if (end === start) {
        if (start === prevEnd) accept = false;
        pos = end + 1;
      } else pos = end;
      prevEnd = end;
      if (accept) out.push(m);
    }
    return out;
  }

  /** `FindString`: the leftmost match, or "" (Go cannot tell "no match" from an empty one here). */
  find(s: string, tick: Tick = noTick): string {
    const sub = subject(s);
    const m = this.execAt(sub, 0, tick);
    return m ? s.slice(sub.offsets[m[0] ?? 0], sub.offsets[m[1] ?? 0]) : "";
  }

  /** `FindAllString(s, n)`; n < 0 means all. */
  findAll(s: string, n: number, tick: Tick = noTick): string[] {
    const sub = subject(s);
    return this.all(sub, n, tick).map((m) => s.slice(sub.offsets[m[0] ?? 0], sub.offsets[m[1] ?? 0]));
  }

  /** `ReplaceAllString` (with `$1`/`${name}` expansion) or `ReplaceAllLiteralString`. */
  replaceAll(s: string, repl: string, options: { literal?: boolean; tick?: Tick } = {}): string {
    const { literal = false, tick = noTick } = options;
    const sub = subject(s);
    let out = "";
    let lastEnd = 0;
    for (let pos = 0; pos <= sub.cps.length; ) {
      const m = this.execAt(sub, pos, tick);
      if (!m) break;
      const [start = 0, end = 0] = m;
      out += s.slice(sub.offsets[lastEnd], sub.offsets[start]);
      if (end > lastEnd || start === 0) out += literal ? repl : this.expand(repl, { s, sub, m });
      lastEnd = end;
      pos = Math.max(pos + 1, end);
    }
    return out + s.slice(sub.offsets[lastEnd]);
  }

  /** `Split(s, n)`. */
  split(s: string, n: number, tick: Tick = noTick): string[] {
    if (n === 0) return [];
    if (this.pattern.length > 0 && s.length === 0) return [""];
    const sub = subject(s);
    const out: string[] = [];
    let begin = 0;
    let end = 0;
    for (const m of this.all(sub, n, tick)) {
      if (n > 0 && out.length === n - 1) break;
      end = m[0] ?? 0;
      if ((m[1] ?? 0) !== 0) out.push(s.slice(sub.offsets[begin], sub.offsets[end]));
      begin = m[1] ?? 0;
    }
    if (end !== sub.cps.length) out.push(s.slice(sub.offsets[begin]));
    return out;
  }

  /** Go's `Regexp.Expand` template: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
  private expand(template: string, match: { s: string; sub: Subject; m: number[] }): string {
    const { s, sub, m } = match;
    return template.replace(/\$(\$|\{(\w+)\}|(\w+))/g, (...groups: (string | undefined)[]) => {
      const [whole, , braced, bare] = groups;
      if (whole === "$$") return "$";
      const name = braced ?? bare ?? "";
      let index = /^\d+$/.test(name) ? Number(name) : this.names.indexOf(name);
      if (index < 0 || index >= this.ncap) index = -1;
      const start = index < 0 ? -1 : (m[index * 2] ?? -1);
      const end = index < 0 ? -1 : (m[index * 2 + 1] ?? -1);
      return start < 0 || end < 0 ? "" : s.slice(sub.offsets[start], sub.offsets[end]);
    });
  }
}
