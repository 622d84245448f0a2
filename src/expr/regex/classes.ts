/** Character classes of Go's regexp syntax: `\\d \\w \\s`, POSIX `[:alpha:]`, Unicode `\\pL`, case folding. */
import { fail } from "../errors.js";

export type CharTest = (c: number) => boolean;

export const wordTest: CharTest = (c) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
export const digitTest: CharTest = (c) => c >= 48 && c <= 57;
export const spaceTest: CharTest = (c) => c === 32 || (c >= 9 && c <= 13 && c !== 11);
export const posix: Record<string, CharTest> = {
  alnum: (c) => wordTest(c) && c !== 95,
  alpha: (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  ascii: (c) => c <= 0x7f,
  blank: (c) => c === 32 || c === 9,
  cntrl: (c) => c < 32 || c === 127,
  digit: digitTest,
  graph: (c) => c > 32 && c < 127,
  lower: (c) => c >= 97 && c <= 122,
  print: (c) => c >= 32 && c < 127,
  punct: (c) => (c > 32 && c < 48) || (c > 57 && c < 65) || (c > 90 && c < 97) || (c > 122 && c < 127),
  space: (c) => c === 32 || (c >= 9 && c <= 13),
  upper: (c) => c >= 65 && c <= 90,
  word: wordTest,
  xdigit: (c) => digitTest(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
};

export const not =
  (f: CharTest): CharTest =>
  (c) =>
    !f(c);

export function unicodeClass(name: string, expr: string): CharTest {
  // Only a bare class name ever reaches RegExp (one character is then tested against it).
  if (!/^[A-Za-z_ ]{1,40}$/.test(name))
    throw fail(`error parsing regexp: invalid character class range: \`${expr}\``);
  let re: RegExp;
  try {
    re = new RegExp(`^\\p{${name.length === 1 ? name : name.replaceAll(" ", "_")}}$`, "u");
  } catch {
    try {
      re = new RegExp(`^\\p{Script=${name}}$`, "u");
    } catch {
      throw fail(`error parsing regexp: invalid character class range: \`${expr}\``);
    }
  }
  return (c) => re.test(String.fromCodePoint(c));
}

export function fold(test: CharTest): CharTest {
  return (c) => {
    if (test(c)) return true;
    const s = String.fromCodePoint(c);
    const lower = s.toLowerCase();
    const upper = s.toUpperCase();
    return (
      (lower !== s && test(lower.codePointAt(0) ?? c)) || (upper !== s && test(upper.codePointAt(0) ?? c))
    );
  };
}
