/**
 * Go's `fmt` renderings that expressions can observe: `%v` (used by expr's `string()`, sprig's
 * `toString`/`cat`, govaluate messages) and `%q` (sprig's `quote`).
 */
import { GoDuration } from "./duration.js";
import { GoLocation, GoTime } from "./time.js";
import { formatTime, layouts } from "./time-layout.js";
import { FloatBox, GoFunc, isInt, isMap, isNil, num, sortedKeys } from "./values.js";

/** Go's `strconv.FormatFloat(x, 'g', -1, 64)`, which is also `%v` of a float64. */
export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Number.POSITIVE_INFINITY) return "+Inf";
  if (x === Number.NEGATIVE_INFINITY) return "-Inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const [mantissa = "0", expText = "0"] = x.toExponential().split("e");
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? "-" : "+";
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return formatFloatF(x);
}

/** Go's `strconv.FormatFloat(x, 'f', -1, 64)`: shortest digits, never an exponent. */
export function formatFloatF(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "+Inf" : "-Inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const [mantissa = "0", expText = "0"] = x.toExponential().split("e");
  const exp = Number(expText);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  let out: string;
  if (exp < 0) out = `0.${"0".repeat(-exp - 1)}${digits}`;
  else if (digits.length <= exp + 1) out = digits + "0".repeat(exp + 1 - digits.length);
  else out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return negative ? `-${out}` : out;
}

/** Go's `%v` of a runtime value. */
export function formatV(v: unknown, depth = 0): string {
  if (depth > 100) return "...";
  if (isNil(v)) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (isInt(v)) return String(v);
  if (typeof v === "number" || v instanceof FloatBox) return formatFloat(num(v));
  if (Array.isArray(v)) return `[${v.map((x) => formatV(x, depth + 1)).join(" ")}]`;
  if (v instanceof GoTime) return formatTime(v, layouts.goString);
  if (v instanceof GoDuration) return v.toString();
  if (v instanceof GoLocation) return v.name;
  if (v instanceof GoFunc) return "0x0";
  if (isMap(v))
    return `map[${sortedKeys(v)
      .map((k) => `${k}:${formatV(v[k], depth + 1)}`)
      .join(" ")}]`;
  return String(v);
}

/** Go's `%q` of a string (`strconv.Quote`): double quotes, Go escapes, printable Unicode kept. */
export function quoteGo(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (c === 7) out += "\\a";
    else if (c === 8) out += "\\b";
    else if (c === 12) out += "\\f";
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c === 9) out += "\\t";
    else if (c === 11) out += "\\v";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += "\\ufffd";
    else if (c >= 0x80 && !/[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]/u.test(ch)) {
      out += c > 0xffff ? `\\U${c.toString(16).padStart(8, "0")}` : `\\u${c.toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return `${out}"`;
}
