/**
 * Argo's terminal colours: status icons in green/red/yellow/cyan, and one colour per pod name in
 * `argo logs`. Argo colours always unless `--no-color`; Argosy colours only on a terminal, so
 * piped output and tests stay plain.
 */

export const Fg = {
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  white: 37,
  default: 39,
} as const;

/** A function that wraps text in a colour, or returns it unchanged when colour is off. */
export type Paint = (text: string, code: number) => string;

export const noPaint: Paint = (text) => text;
export const ansiPaint: Paint = (text, code) => `\x1b[${code}m${text}\x1b[0m`;

/** Colour on when the stream is a terminal and `--no-color` was not given. */
export function paintFor(stream: { isTTY?: boolean }, noColor = false): Paint {
  return stream.isTTY && !noColor ? ansiPaint : noPaint;
}

const podColors = [Fg.green, Fg.yellow, Fg.blue, Fg.magenta, Fg.cyan, Fg.white];

/** The colour Argo gives a pod's log lines: the sum of its name's code points picks one of six. */
export function podColor(podName: string): number {
  let sum = 0;
  for (const ch of podName) sum += ch.codePointAt(0) ?? 0;
  return podColors[sum % podColors.length] as number;
}
