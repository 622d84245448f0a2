/**
 * Go `encoding/json` as expressions observe it: map keys sorted, `<>&` escaped as `\u003c…` unless
 * asked not to, floats without a trailing `.0`, time as RFC 3339, durations as integer nanoseconds,
 * and every JSON number decoded as a float64.
 */
import { fail } from "../errors.js";
import { GoDuration } from "./duration.js";
import { limits } from "./limits.js";
import { GoLocation, GoTime } from "./time.js";
import { formatTime, layouts } from "./time-layout.js";
import { FloatBox, GoFunc, isInt, isMap, isNil, makeFloat, mapSet, num, sortedKeys } from "./values.js";

export interface MarshalOptions {
  /** Indent unit for `json.MarshalIndent`; compact when absent. */
  indent?: string;
  /** Escape `<`, `>` and `&` (Go's default). @default true */
  escapeHTML?: boolean;
}

/** Go's `json.Marshal` / `json.MarshalIndent`. Throws `ExprError` for NaN, ±Inf and functions. */
export function marshal(v: unknown, options: MarshalOptions = {}): string {
  const writer = new JSONWriter(options);
  writer.write(v, "", 0);
  return writer.parts.join("");
}

class JSONWriter {
  readonly parts: string[] = [];
  private readonly escapeHTML: boolean;

  constructor(private readonly options: MarshalOptions) {
    this.escapeHTML = options.escapeHTML ?? true;
  }

  write(v: unknown, pad: string, depth: number): void {
    const out = this.parts;
    if (depth > limits.maxDataDepth)
      throw fail("json: unsupported value: encountered a cycle or too deep a value");
    if (isNil(v)) out.push("null");
    else if (typeof v === "boolean") out.push(v ? "true" : "false");
    else if (typeof v === "string") out.push(quoteJSON(v, this.escapeHTML));
    else if (isInt(v)) out.push(String(v));
    else if (typeof v === "number" || v instanceof FloatBox) out.push(floatJSON(num(v)));
    else if (v instanceof GoTime) out.push(quoteJSON(formatTime(v, layouts.RFC3339Nano), true));
    else if (v instanceof GoDuration) out.push(String(Math.round(v.ns)));
    else if (v instanceof GoLocation) out.push("{}");
    else if (v instanceof GoFunc) throw fail(`json: unsupported type: ${v.signature}`);
    else if (Array.isArray(v))
      this.container(
        ["[", "]"],
        v.map((item) => [undefined, item] as const),
        { pad, depth },
      );
    else if (isMap(v))
      this.container(
        ["{", "}"],
        sortedKeys(v).map((k) => [k, v[k]] as const),
        { pad, depth },
      );
    else throw fail(`json: unsupported type: ${typeof v}`);
  }

  /** An array (keys undefined) or an object, compact or indented. */
  private container(
    brackets: readonly [string, string],
    entries: (readonly [string | undefined, unknown])[],
    at: { pad: string; depth: number },
  ): void {
    const out = this.parts;
    if (entries.length === 0) {
      out.push(brackets[0] + brackets[1]);
      return;
    }
    const indent = this.options.indent;
    const inner = indent === undefined ? "" : at.pad + indent;
    out.push(brackets[0]);
    entries.forEach(([key, value], i) => {
      if (i > 0) out.push(",");
      if (indent !== undefined) out.push(`\n${inner}`);
      if (key !== undefined) out.push(quoteJSON(key, this.escapeHTML), indent === undefined ? ":" : ": ");
      this.write(value, inner, at.depth + 1);
    });
    if (indent !== undefined) out.push(`\n${at.pad}`);
    out.push(brackets[1]);
  }
}

/** A float64 in Go's JSON form; the exponent thresholds (1e-6, 1e21) match JS's own. */
function floatJSON(x: number): string {
  if (!Number.isFinite(x))
    throw fail(`json: unsupported value: ${Number.isNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf"}`);
  return Object.is(x, -0) ? "-0" : String(x);
}

/** A JSON string literal the way Go writes it. */
export function quoteJSON(s: string, escapeHTML: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i] ?? "";
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += "\\\\";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c === 0x08) out += "\\b";
    else if (c === 0x0c) out += "\\f";
    else if (c < 0x20 || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else if (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)) out += `\\u00${c.toString(16)}`;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + (s[i + 1] ?? "");
        i++;
      } else out += "\\ufffd";
    } else if (c >= 0xdc00 && c <= 0xdfff) out += "\\ufffd";
    else out += ch;
  }
  return `${out}"`;
}

/** Go's `json.Unmarshal` into `interface{}`: numbers become float64, objects maps, arrays slices. */
export function unmarshal(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw fail(jsonErrorMessage(text, e));
  }
  return floatify(parsed, 0);
}

function floatify(v: unknown, depth: number): unknown {
  if (depth > limits.maxDataDepth) throw fail("json: exceeded max depth");
  if (typeof v === "number") return makeFloat(v);
  if (Array.isArray(v)) return v.map((x) => floatify(x, depth + 1));
  if (isMap(v)) {
    for (const k of Object.keys(v)) mapSet(v, k, floatify(v[k], depth + 1));
  }
  return v;
}

function jsonErrorMessage(text: string, e: unknown): string {
  if (text.trim() === "") return "unexpected end of JSON input";
  const message = e instanceof Error ? e.message : String(e);
  if (/end of (JSON )?input|Unterminated/i.test(message)) return "unexpected end of JSON input";
  const token = /Unexpected token '?(.)'?/.exec(message)?.[1];
  const at = /position (\d+)/.exec(message);
  if (token === undefined && at && Number(at[1]) >= text.trimEnd().length)
    return "unexpected end of JSON input";
  const ch = token ?? (at ? text[Number(at[1])] : undefined);
  return ch === undefined
    ? `invalid JSON: ${message}`
    : `invalid character '${ch}' looking for beginning of value`;
}
