/**
 * The few Go number behaviours custom metrics expose to users: `strconv.ParseFloat` (metric values
 * are strings parsed by the controller, and its error text ends up in the workflow's
 * `MetricsError` condition) and `%f`/`%v` renderings of durations and bucket lists.
 */
import { formatFloat, quoteGo } from "../expr/lang/go-format.js";

/** Outcome of {@link parseGoFloat}: the value, or Go's `*strconv.NumError` text. */
export type GoFloatResult = { ok: true; value: number } | { ok: false; error: string };

const decimalSyntax = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
// Go accepts hexadecimal floats, but only with a binary exponent (`0x1.8p1`).
const hexSyntax = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/;
const infinitySyntax = /^([+-]?)(?:inf|infinity)$/i;

/**
 * Go's `strconv.ParseFloat(text, 64)`: no surrounding spaces, `inf`/`infinity`/`nan` in any case,
 * hexadecimal mantissas with a `p` exponent, and an out-of-range error where JS would give ±Infinity.
 */
export function parseGoFloat(text: string): GoFloatResult {
  const fail = (reason: string): GoFloatResult => ({
    ok: false,
    error: `strconv.ParseFloat: parsing ${quoteGo(text)}: ${reason}`,
  });
  const infinity = infinitySyntax.exec(text);
  if (infinity) return { ok: true, value: infinity[1] === "-" ? -Infinity : Infinity };
  if (/^nan$/i.test(text)) return { ok: true, value: Number.NaN };
  let value: number;
  if (decimalSyntax.test(text)) value = Number(text);
  else {
    const hex = hexSyntax.exec(text);
    const whole = hex?.[2] ?? "";
    const fraction = hex?.[3] ?? "";
    if (!hex || whole.length + fraction.length === 0) return fail("invalid syntax");
    const mantissa = Number(BigInt(`0x${whole}${fraction}`));
    const magnitude = mantissa * 2 ** (Number(hex[4]) - 4 * fraction.length);
    value = hex[1] === "-" ? -magnitude : magnitude;
  }
  return Number.isFinite(value) ? { ok: true, value } : fail("value out of range");
}

/** Go's `fmt.Sprintf("%f", x)`: six decimals, the form Argo gives `duration` variables. */
export function formatGoFixed(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "+Inf" : "-Inf";
  return x.toFixed(6);
}

/** Go's `%v` of a float64 (`fmt.Sprint`), e.g. `1e+06` for a million. */
export const formatGoFloat = formatFloat;

/** Go's `%v` of a `[]float64`: `[0.5 1 2]`. */
export const formatGoFloats = (xs: readonly number[]): string => `[${xs.map(formatFloat).join(" ")}]`;
