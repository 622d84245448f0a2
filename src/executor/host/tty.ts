/**
 * `tty: true`: the container gets a pseudo-terminal from util-linux `script(1)`, which runs the
 * spawned command (bwrap, or the command itself without a sandbox) on a fresh pty. The pty is the
 * command's controlling terminal, stdin is at end of file, and `script -e` passes the exit status on.
 */

/** util-linux `script`; on Debian it is in the essential package bsdutils. */
export const SCRIPT_PATH = "/usr/bin/script";

/**
 * The argv that runs `argv` on a pty. Output post-processing is switched off (`stty -onlcr`), so
 * lines end in `\n` as they do through a pipe: logs and `outputs.result` read the same either way.
 */
export function ttyWrap(argv: readonly string[]): string[] {
  const command = `stty -onlcr 2>/dev/null; exec ${argv.map(shellQuote).join(" ")}`;
  return [SCRIPT_PATH, "-q", "-e", "-c", command, "/dev/null"];
}

/** Quotes one word for a POSIX shell. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}
