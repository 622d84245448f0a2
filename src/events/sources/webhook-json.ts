/**
 * Go's JSON syntax check, with Go's words. Argo keeps a webhook body as raw bytes and only finds
 * out it is not JSON when it marshals the event, so the reply carries the message of Go's
 * `encoding/json` scanner (`invalid character 'h' looking for beginning of value`,
 * `unexpected end of JSON input`, …). `JSON.parse` accepts the same grammar but words its errors
 * differently, so this walks the bytes as Go's scanner does (an explicit stack, no recursion: a
 * body nested a million deep cannot overflow anything) and only then hands the text to JSON.parse.
 */

/** Go's `maxNestingDepth`. */
const maxDepth = 10000;

enum Ctx {
  ObjectKey,
  ObjectValue,
  ArrayValue,
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

const nonPrintableLatin1 = (cp: number): boolean => cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp === 0xad;

/** Go's `quoteChar`: the byte as a Latin-1 rune, `strconv.Quote`d, in single quotes. */
export function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return `'"'`;
  const escapes: Record<number, string> = {
    7: "\\a",
    8: "\\b",
    12: "\\f",
    10: "\\n",
    13: "\\r",
    9: "\\t",
    11: "\\v",
    92: "\\\\",
  };
  const named = escapes[c];
  if (named) return `'${named}'`;
  if (nonPrintableLatin1(c)) {
    return c < 0x80 ? `'\\x${c.toString(16).padStart(2, "0")}'` : `'\\u${c.toString(16).padStart(4, "0")}'`;
  }
  return `'${String.fromCharCode(c)}'`;
}

/** The literal words after `t`, `f`, `n`, and their names in Go's messages. */
const literals: Record<number, { rest: string; name: string }> = {
  116: { rest: "rue", name: "true" },
  102: { rest: "alse", name: "false" },
  110: { rest: "ull", name: "null" },
};

type Step =
  | "beginValue"
  | "beginValueOrEmpty"
  | "beginStringOrEmpty"
  | "beginString"
  | "endValue"
  | "endTop"
  | "inString"
  | "inStringEsc"
  | "inStringEscU"
  | "neg"
  | "one"
  | "zero"
  | "dot"
  | "dot0"
  | "e"
  | "eSign"
  | "e0"
  | "literal";

/**
 * Returns Go's syntax error for `bytes`, or undefined when they are one valid JSON value (with
 * optional surrounding whitespace).
 */
export function goJsonSyntaxError(bytes: Uint8Array): string | undefined {
  const stack: Ctx[] = [];
  let step = "beginValue" as Step;
  let hexLeft = 0;
  let literal = { rest: "", name: "" };
  let literalAt = 0;
  const fail = (c: number, context: string): string => `invalid character ${quoteChar(c)} ${context}`;

  // Returns an error message, or undefined; `step` is advanced in place. A few states hand the same
  // byte on to `endValue`, as Go's state functions call each other.
  const feed = (c: number): string | undefined => {
    for (;;) {
      switch (step) {
        case "beginValueOrEmpty":
          if (isSpace(c)) return undefined;
          if (c === 0x5d) {
            step = "endValue";
            continue;
          }
          step = "beginValue";
          continue;
        case "beginValue":
          if (isSpace(c)) return undefined;
          switch (c) {
            case 0x7b:
              stack.push(Ctx.ObjectKey);
              step = "beginStringOrEmpty";
              return stack.length > maxDepth ? fail(c, "exceeded max depth") : undefined;
            case 0x5b:
              stack.push(Ctx.ArrayValue);
              step = "beginValueOrEmpty";
              return stack.length > maxDepth ? fail(c, "exceeded max depth") : undefined;
            case 0x22:
              step = "inString";
              return undefined;
            case 0x2d:
              step = "neg";
              return undefined;
            case 0x30:
              step = "zero";
              return undefined;
          }
          if (c >= 0x31 && c <= 0x39) {
            step = "one";
            return undefined;
          }
          if (literals[c]) {
            literal = literals[c];
            literalAt = 0;
            step = "literal";
            return undefined;
          }
          return fail(c, "looking for beginning of value");
        case "beginStringOrEmpty":
          if (isSpace(c)) return undefined;
          if (c === 0x7d) {
            stack[stack.length - 1] = Ctx.ObjectValue;
            step = "endValue";
            continue;
          }
          step = "beginString";
          continue;
        case "beginString":
          if (isSpace(c)) return undefined;
          if (c === 0x22) {
            step = "inString";
            return undefined;
          }
          return fail(c, "looking for beginning of object key string");
        case "endValue": {
          const top = stack[stack.length - 1];
          if (top === undefined) {
            step = "endTop";
            continue;
          }
          if (isSpace(c)) return undefined;
          if (top === Ctx.ObjectKey) {
            if (c !== 0x3a) return fail(c, "after object key");
            stack[stack.length - 1] = Ctx.ObjectValue;
            step = "beginValue";
            return undefined;
          }
          if (top === Ctx.ObjectValue) {
            if (c === 0x2c) {
              stack[stack.length - 1] = Ctx.ObjectKey;
              step = "beginString";
              return undefined;
            }
            if (c !== 0x7d) return fail(c, "after object key:value pair");
          } else {
            if (c === 0x2c) {
              step = "beginValue";
              return undefined;
            }
            if (c !== 0x5d) return fail(c, "after array element");
          }
          stack.pop();
          step = stack.length === 0 ? "endTop" : "endValue";
          return undefined;
        }
        case "endTop":
          return isSpace(c) ? undefined : fail(c, "after top-level value");
        case "inString":
          if (c === 0x22) step = "endValue";
          else if (c === 0x5c) step = "inStringEsc";
          else if (c < 0x20) return fail(c, "in string literal");
          return undefined;
        case "inStringEsc":
          if (c === 0x75) {
            step = "inStringEscU";
            hexLeft = 4;
            return undefined;
          }
          if ('bfnrt\\/"'.includes(String.fromCharCode(c))) {
            step = "inString";
            return undefined;
          }
          return fail(c, "in string escape code");
        case "inStringEscU":
          if (!isHex(c)) return fail(c, "in \\u hexadecimal character escape");
          hexLeft--;
          if (hexLeft === 0) step = "inString";
          return undefined;
        case "neg":
          if (c === 0x30) step = "zero";
          else if (c >= 0x31 && c <= 0x39) step = "one";
          else return fail(c, "in numeric literal");
          return undefined;
        case "one":
          if (isDigit(c)) return undefined;
          step = "zero";
          continue;
        case "zero":
          if (c === 0x2e) step = "dot";
          else if (c === 0x65 || c === 0x45) step = "e";
          else {
            step = "endValue";
            continue;
          }
          return undefined;
        case "dot":
          if (!isDigit(c)) return fail(c, "after decimal point in numeric literal");
          step = "dot0";
          return undefined;
        case "dot0":
          if (isDigit(c)) return undefined;
          if (c === 0x65 || c === 0x45) {
            step = "e";
            return undefined;
          }
          step = "endValue";
          continue;
        case "e":
          step = "eSign";
          if (c === 0x2b || c === 0x2d) return undefined;
          continue;
        case "eSign":
          if (!isDigit(c)) return fail(c, "in exponent of numeric literal");
          step = "e0";
          return undefined;
        case "e0":
          if (isDigit(c)) return undefined;
          step = "endValue";
          continue;
        case "literal": {
          const want = literal.rest.charCodeAt(literalAt);
          if (c !== want) {
            return fail(c, `in literal ${literal.name} (expecting ${quoteChar(want)})`);
          }
          literalAt++;
          if (literalAt === literal.rest.length) step = "endValue";
          return undefined;
        }
      }
    }
  };

  for (const c of bytes) {
    const error = feed(c);
    if (error) return error;
  }
  // Go's `eof`: a trailing space ends a number at the top level; anything else open is an error.
  const atTop = (): boolean => step === "endTop";
  if (atTop()) return undefined;
  const error = feed(0x20);
  if (error) return error;
  return atTop() ? undefined : "unexpected end of JSON input";
}
