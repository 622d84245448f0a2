/**
 * Go's `fmt.Sprintf`, `Sprint` and `Sprintln` for the verbs templates use: `%v %s %d %q %f %t %x %X
 * %e %g %T %%`, with flags `-+0 #`, width and precision. A verb that does not fit its operand
 * prints Go's `%!d(float64=5)`; a missing operand `%!d(MISSING)`; extra ones `%!(EXTRA …)`.
 * (That `printf "%d"` of a JSON number prints `%!d(float64=…)` is Go's behaviour, kept on purpose.)
 */
import { formatV, GoInt, isNil, quoteGo, typeName } from "./values.js";

interface Spec {
  minus: boolean;
  plus: boolean;
  zero: boolean;
  sharp: boolean;
  space: boolean;
  width?: number;
  precision?: number;
}

function pad(s: string, spec: Spec, numeric: boolean): string {
  const width = spec.width ?? 0;
  const len = [...s].length;
  if (len >= width) return s;
  if (spec.minus) return s + " ".repeat(width - len);
  if (spec.zero && numeric) {
    const sign = /^[+-]/.test(s) ? (s[0] as string) : "";
    return sign + "0".repeat(width - len) + s.slice(sign.length);
  }
  return " ".repeat(width - len) + s;
}

const bad = (verb: string, v: unknown): string => `%!${verb}(${typeName(v)}=${formatV(v)})`;

function withSign(s: string, spec: Spec): string {
  if (s.startsWith("-")) return s;
  return spec.plus ? `+${s}` : spec.space ? ` ${s}` : s;
}

function formatOne(verb: string, v: unknown, spec: Spec): string {
  const isInt = v instanceof GoInt;
  const isFloat = typeof v === "number";
  const n = isInt ? (v as GoInt).value : (v as number);
  switch (verb) {
    case "v":
      if (isFloat && spec.precision !== undefined)
        return pad(withSign(n.toPrecision(spec.precision), spec), spec, true);
      return pad(isInt || isFloat ? withSign(formatV(v), spec) : formatV(v), spec, isInt || isFloat);
    case "s":
      if (typeof v !== "string") return bad(verb, v);
      return pad(spec.precision === undefined ? v : [...v].slice(0, spec.precision).join(""), spec, false);
    case "q":
      if (typeof v === "string") return pad(quoteGo(v), spec, false);
      if (isInt) return pad(`'${String.fromCodePoint(n)}'`, spec, false);
      return bad(verb, v);
    case "d":
      return isInt ? pad(withSign(String(n), spec), spec, true) : bad(verb, v);
    case "t":
      return typeof v === "boolean" ? pad(String(v), spec, false) : bad(verb, v);
    case "x":
    case "X": {
      let s: string;
      if (isInt) s = (n < 0 ? "-" : "") + Math.abs(n).toString(16);
      else if (typeof v === "string") s = Buffer.from(v, "utf8").toString("hex");
      else return bad(verb, v);
      if (spec.sharp && isInt) s = s.startsWith("-") ? `-0x${s.slice(1)}` : `0x${s}`;
      return pad(verb === "X" ? s.toUpperCase() : s, spec, isInt);
    }
    case "f":
    case "F":
      return isFloat ? pad(withSign(n.toFixed(spec.precision ?? 6), spec), spec, true) : bad(verb, v);
    case "e": {
      if (!isFloat) return bad(verb, v);
      const s = n.toExponential(spec.precision ?? 6).replace(/e([+-])(\d)$/, "e$10$2");
      return pad(withSign(s, spec), spec, true);
    }
    case "g":
      return isFloat ? pad(withSign(formatV(v), spec), spec, true) : bad(verb, v);
    case "T":
      return pad(typeName(v), spec, false);
    default:
      return `%!${verb}(${typeName(v)}=${formatV(v)})`;
  }
}

/** `fmt.Sprintf`. */
export function sprintf(format: string, args: readonly unknown[]): string {
  let out = "";
  let argi = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== "%") {
      out += c;
      continue;
    }
    const spec: Spec = { minus: false, plus: false, zero: false, sharp: false, space: false };
    for (i++; i < format.length; i++) {
      const f = format[i];
      if (f === "-") spec.minus = true;
      else if (f === "+") spec.plus = true;
      else if (f === "0") spec.zero = true;
      else if (f === "#") spec.sharp = true;
      else if (f === " ") spec.space = true;
      else break;
    }
    const width = /^\d+/.exec(format.slice(i));
    if (width) {
      spec.width = Number(width[0]);
      i += width[0].length;
    }
    if (format[i] === ".") {
      const prec = /^\d*/.exec(format.slice(i + 1)) as RegExpExecArray;
      spec.precision = Number(prec[0] || "0");
      i += 1 + prec[0].length;
    }
    const verb = format[i];
    if (verb === undefined) {
      out += "%!(NOVERB)";
      break;
    }
    if (verb === "%") {
      out += "%";
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const v = args[argi++];
    out += isNil(v) && verb !== "T" && verb !== "v" ? `%!${verb}(<nil>)` : formatOne(verb, v, spec);
  }
  if (argi < args.length) {
    out += `%!(EXTRA ${args
      .slice(argi)
      .map((v) => `${typeName(v)}=${formatV(v)}`)
      .join(", ")})`;
  }
  return out;
}

/** `fmt.Sprint`: a space between operands when neither side is a string. */
export function sprint(args: readonly unknown[]): string {
  let out = "";
  args.forEach((v, k) => {
    if (k > 0 && typeof v !== "string" && typeof args[k - 1] !== "string") out += " ";
    out += formatV(v);
  });
  return out;
}

/** `fmt.Sprintln`: spaces between all operands and a newline. */
export function sprintln(args: readonly unknown[]): string {
  return `${args.map((v) => formatV(v)).join(" ")}\n`;
}
