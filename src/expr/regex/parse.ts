/**
 * Parser for Go's RE2 regular-expression syntax (the subset real expressions use): literals and
 * escapes, `.`, classes with ranges, `[:alpha:]`, `\d\w\s`, `\pL`, anchors `^ $ \A \z \b \B`,
 * groups (capturing, `(?:…)`, `(?P<name>…)`, `(?<name>…)`), flags `(?imsU)`, quantifiers with
 * counts and laziness, alternation. Backreferences and lookaround are rejected as RE2 does.
 */
import { fail } from "../errors.js";
import type { CharTest } from "./classes.js";
import { digitTest, fold, not, posix, spaceTest, unicodeClass, wordTest } from "./classes.js";

export type { CharTest } from "./classes.js";

export type Rx =
  | { t: "char"; test: CharTest }
  | { t: "empty" }
  | { t: "cat"; items: Rx[] }
  | { t: "alt"; items: Rx[] }
  | { t: "rep"; node: Rx; min: number; max: number; greedy: boolean }
  | { t: "group"; node: Rx; index: number | undefined }
  | { t: "assert"; kind: "bol" | "eol" | "bot" | "eot" | "word" | "nword" };

export interface ParsedRegex {
  node: Rx;
  /** Number of capturing groups (group 0 excluded). */
  groups: number;
  names: (string | undefined)[];
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

const maxRepeat = 1000;
/** Parses a Go regular expression; errors read like Go's (`error parsing regexp: …`). */
export function parseRegex(pattern: string): ParsedRegex {
  return new RegexParser(pattern).parse();
}

class RegexParser {
  private readonly cps: number[];
  private i = 0;
  private groups = 0;
  private readonly names: (string | undefined)[] = [];
  private depth = 0;

  constructor(private readonly pattern: string) {
    this.cps = [...pattern].map((c) => c.codePointAt(0) ?? 0);
  }

  parse(): ParsedRegex {
    const node = this.alternation({ i: false, m: false, s: false, U: false });
    if (this.i < this.cps.length) throw this.error("unexpected )", this.pattern);
    return { node, groups: this.groups, names: this.names };
  }

  private error(what: string, arg: string): Error {
    return fail(`error parsing regexp: ${what}: \`${arg}\``);
  }

  private peek(off = 0): number | undefined {
    return this.cps[this.i + off];
  }

  private alternation(flags: Flags): Rx {
    if (++this.depth > 1000) throw this.error("expression nests too deeply", this.pattern);
    const items: Rx[] = [this.concat(flags)];
    while (this.peek() === 0x7c) {
      this.i++;
      items.push(this.concat(flags));
    }
    this.depth--;
    return items.length === 1 ? (items[0] as Rx) : { t: "alt", items };
  }

  private concat(flags: Flags): Rx {
    const items: Rx[] = [];
    for (let c = this.peek(); c !== undefined && c !== 0x7c && c !== 0x29; c = this.peek()) {
      if (c === 0x28 && this.peek(1) === 0x3f && this.isFlagGroup()) {
        this.flagGroup(flags, items);
        continue;
      }
      const atom = this.atom(flags);
      items.push(this.quantified(atom, flags));
    }
    if (items.length === 0) return { t: "empty" };
    return items.length === 1 ? (items[0] as Rx) : { t: "cat", items };
  }

  private isFlagGroup(): boolean {
    let j = this.i + 2;
    while (this.cps[j] !== undefined && /[imsU-]/.test(String.fromCodePoint(this.cps[j] ?? 0))) j++;
    return this.cps[j] === 0x29 || this.cps[j] === 0x3a;
  }

  /** `(?flags)` changes flags for the rest of the group; `(?flags:re)` only inside. */
  private flagGroup(flags: Flags, items: Rx[]): void {
    this.i += 2;
    const local = { ...flags };
    let negate = false;
    for (let c = this.peek(); c !== 0x29 && c !== 0x3a; c = this.peek()) {
      const ch = String.fromCodePoint(c ?? 0);
      if (ch === "-") negate = true;
      else local[ch as keyof Flags] = !negate;
      this.i++;
    }
    if (this.peek() === 0x29) {
      this.i++;
      Object.assign(flags, local);
      return;
    }
    this.i++;
    const node = this.alternation(local);
    this.expect(0x29);
    items.push(this.quantified({ t: "group", node, index: undefined }, flags));
  }

  private expect(c: number): void {
    if (this.peek() !== c) throw this.error("missing closing )", this.pattern);
    this.i++;
  }

  private atom(flags: Flags): Rx {
    const c = this.peek() ?? 0;
    this.i++;
    switch (c) {
      case 0x28:
        return this.group(flags);
      case 0x2e:
        return { t: "char", test: flags.s ? () => true : (x) => x !== 10 };
      case 0x5e:
        return { t: "assert", kind: flags.m ? "bol" : "bot" };
      case 0x24:
        return { t: "assert", kind: flags.m ? "eol" : "eot" };
      case 0x5b:
        return this.charTest(this.bracket(), flags);
      case 0x5c:
        return this.escape(flags);
      case 0x2a:
      case 0x2b:
      case 0x3f:
        throw this.error("missing argument to repetition operator", String.fromCodePoint(c));
      default:
        return this.charTest((x) => x === c, flags);
    }
  }

  private charTest(test: CharTest, flags: Flags): Rx {
    return { t: "char", test: flags.i ? fold(test) : test };
  }

  private group(flags: Flags): Rx {
    let name: string | undefined;
    if (this.peek() === 0x3f) {
      const rest = String.fromCodePoint(...this.cps.slice(this.i, this.i + 3));
      const prefix = rest.startsWith("?P<") ? 3 : rest.startsWith("?<") && !/^\?<[=!]/.test(rest) ? 2 : 0;
      if (prefix === 0) throw this.error("invalid or unsupported Perl syntax", `(${rest.slice(0, 2)}`);
      this.i += prefix;
      const start = this.i;
      while (this.peek() !== undefined && this.peek() !== 0x3e) this.i++;
      name = String.fromCodePoint(...this.cps.slice(start, this.i));
      if (!/^\w+$/.test(name) || this.peek() === undefined) throw this.error("invalid named capture", name);
      this.i++;
    }
    const index = ++this.groups;
    this.names[index] = name;
    const node = this.alternation({ ...flags });
    this.expect(0x29);
    return { t: "group", node, index };
  }

  private quantified(atom: Rx, flags: Flags): Rx {
    let node = atom;
    for (;;) {
      const c = this.peek();
      let min: number;
      let max: number;
      if (c === 0x2a) [min, max] = [0, -1];
      else if (c === 0x2b) [min, max] = [1, -1];
      else if (c === 0x3f) [min, max] = [0, 1];
      else if (c === 0x7b) {
        const counts = this.counts();
        if (!counts) return node;
        [min, max] = counts;
      } else return node;
      if (c !== 0x7b) this.i++;
      if (node.t === "rep") throw this.error("invalid nested repetition operator", this.pattern);
      let greedy = !flags.U;
      if (this.peek() === 0x3f) {
        this.i++;
        greedy = !greedy;
      }
      node = { t: "rep", node, min, max, greedy };
    }
  }

  private counts(): [number, number] | undefined {
    const rest = String.fromCodePoint(...this.cps.slice(this.i, this.i + 24));
    const m = /^\{(\d+)(,(\d*))?\}/.exec(rest);
    if (!m) return undefined;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === "" ? -1 : Number(m[3]);
    if (min > maxRepeat || max > maxRepeat || (max >= 0 && max < min))
      throw this.error("invalid repeat count", m[0]);
    this.i += [...m[0]].length;
    return [min, max];
  }

  private escape(flags: Flags): Rx {
    const c = this.peek();
    if (c === undefined) throw this.error("trailing backslash at end of expression", "");
    this.i++;
    const ch = String.fromCodePoint(c);
    switch (ch) {
      case "A":
        return { t: "assert", kind: "bot" };
      case "z":
        return { t: "assert", kind: "eot" };
      case "b":
        return { t: "assert", kind: "word" };
      case "B":
        return { t: "assert", kind: "nword" };
      case "Q": {
        const start = this.i;
        while (this.i < this.cps.length && !(this.peek() === 0x5c && this.peek(1) === 0x45)) this.i++;
        const lits = this.cps.slice(start, this.i);
        if (this.i < this.cps.length) this.i += 2;
        return { t: "cat", items: lits.map((l) => this.charTest((x) => x === l, flags)) };
      }
      default:
        return this.charTest(this.classEscape(ch), flags);
    }
  }

  /** An escape valid both inside and outside brackets: returns the set it denotes. */
  private classEscape(ch: string): CharTest {
    switch (ch) {
      case "d":
        return digitTest;
      case "D":
        return not(digitTest);
      case "w":
        return wordTest;
      case "W":
        return not(wordTest);
      case "s":
        return spaceTest;
      case "S":
        return not(spaceTest);
      case "p":
      case "P": {
        let name: string;
        if (this.peek() === 0x7b) {
          const start = this.i + 1;
          while (this.peek() !== undefined && this.peek() !== 0x7d) this.i++;
          name = String.fromCodePoint(...this.cps.slice(start, this.i));
          this.i++;
        } else {
          name = String.fromCodePoint(this.peek() ?? 0);
          this.i++;
        }
        const negated = name.startsWith("^") !== (ch === "P");
        const test = unicodeClass(name.replace(/^\^/, ""), `\\${ch}${name}`);
        return negated ? not(test) : test;
      }
      default: {
        const cp = this.literalEscape(ch);
        return (x) => x === cp;
      }
    }
  }

  private literalEscape(ch: string): number {
    const simple: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
    if (simple[ch] !== undefined) return simple[ch];
    if (ch === "x") {
      const rest = String.fromCodePoint(...this.cps.slice(this.i, this.i + 10));
      const m = /^\{([0-9a-fA-F]{1,6})\}|^([0-9a-fA-F]{2})/.exec(rest);
      if (!m) throw this.error("invalid escape sequence", `\\x${rest.slice(0, 2)}`);
      this.i += m[0].length;
      return Number.parseInt(m[1] ?? m[2] ?? "0", 16);
    }
    if (/[0-7]/.test(ch)) {
      let digits = ch;
      while (digits.length < 3 && /[0-7]/.test(String.fromCodePoint(this.peek() ?? 0))) {
        digits += String.fromCodePoint(this.peek() ?? 0);
        this.i++;
      }
      if (ch !== "0" && digits.length === 1) throw this.error("invalid escape sequence", `\\${ch}`);
      return Number.parseInt(digits, 8);
    }
    if (/[\p{L}\p{N}]/u.test(ch)) throw this.error("invalid escape sequence", `\\${ch}`);
    return ch.codePointAt(0) ?? 0;
  }

  private bracket(): CharTest {
    const start = this.i - 1;
    let negate = false;
    if (this.peek() === 0x5e) {
      negate = true;
      this.i++;
    }
    const tests: CharTest[] = [];
    let first = true;
    while (this.peek() !== 0x5d || first) {
      if (this.peek() === undefined) {
        throw this.error("missing closing ]", String.fromCodePoint(...this.cps.slice(start)));
      }
      first = false;
      const posixMatch = /^\[:(\^?)([a-z]+):\]/.exec(
        String.fromCodePoint(...this.cps.slice(this.i, this.i + 12)),
      );
      if (posixMatch) {
        const test = posix[posixMatch[2] ?? ""];
        if (!test) throw this.error("invalid character class range", posixMatch[0]);
        tests.push(posixMatch[1] ? not(test) : test);
        this.i += posixMatch[0].length;
        continue;
      }
      const lo = this.bracketItem(tests);
      if (lo === undefined) continue;
      if (this.peek() === 0x2d && this.peek(1) !== 0x5d && this.peek(1) !== undefined) {
        this.i++;
        const hi = this.bracketItem(tests);
        if (hi === undefined || hi < lo) throw this.error("invalid character class range", this.pattern);
        tests.push((x) => x >= lo && x <= hi);
      } else tests.push((x) => x === lo);
    }
    this.i++;
    const any: CharTest = (x) => tests.some((t) => t(x));
    return negate ? not(any) : any;
  }

  /** One bracket member: a code point, or undefined after pushing a class escape like `\d`. */
  private bracketItem(tests: CharTest[]): number | undefined {
    const c = this.peek() ?? 0;
    this.i++;
    if (c !== 0x5c) return c;
    const ch = String.fromCodePoint(this.peek() ?? 0);
    this.i++;
    if ("dDwWsSpP".includes(ch)) {
      tests.push(this.classEscape(ch));
      return undefined;
    }
    return this.literalEscape(ch);
  }
}
