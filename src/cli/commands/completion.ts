/**
 * `argosy completion bash|zsh|fish`: a completion script generated from the program itself, so
 * every verb, subcommand and flag registered in main.ts completes without a list kept by hand.
 */
import type { Command } from "commander";
import { invalid } from "../../util/errors.js";
import type { CliRuntime } from "../context.js";

interface Node {
  path: string[];
  commands: string[];
  flags: string[];
  descriptions: Map<string, string>;
}

/** Every command path with its subcommands and flags. */
export function commandTree(root: Command): Node[] {
  const nodes: Node[] = [];
  const visit = (cmd: Command, path: string[]) => {
    const descriptions = new Map<string, string>();
    for (const c of cmd.commands) descriptions.set(c.name(), c.description());
    const flags = cmd.options.flatMap((o) => [o.long, o.short].filter((x): x is string => Boolean(x)));
    nodes.push({ path, commands: cmd.commands.map((c) => c.name()), flags, descriptions });
    for (const c of cmd.commands) visit(c, [...path, c.name()]);
  };
  visit(root, []);
  return nodes;
}

const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

function bash(name: string, nodes: Node[]): string {
  const cases = nodes
    .map((n) => `    ${quote(n.path.join(" "))}) words=${quote([...n.commands, ...n.flags].join(" "))} ;;`)
    .join("\n");
  return `# bash completion for ${name}; load with: source <(${name} completion bash)
_${name}_complete() {
  local cur path word words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  path=""
  for word in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case "$word" in -*) ;; *)
      if _${name}_known "\${path:+$path }$word"; then path="\${path:+$path }$word"; fi ;;
    esac
  done
  case "$path" in
${cases}
    *) words="" ;;
  esac
  if [[ "$cur" != -* ]] && _${name}_leaf "$path"; then
    COMPREPLY=( $(compgen -f -- "$cur") )
  else
    COMPREPLY=( $(compgen -W "$words" -- "$cur") )
  fi
}
_${name}_known() {
  case "$1" in
${nodes.map((n) => `    ${quote(n.path.join(" "))}) return 0 ;;`).join("\n")}
  esac
  return 1
}
_${name}_leaf() {
  case "$1" in
${nodes
  .filter((n) => n.commands.length > 0)
  .map((n) => `    ${quote(n.path.join(" "))}) return 1 ;;`)
  .join("\n")}
  esac
  return 0
}
complete -o default -F _${name}_complete ${name}
`;
}

function zsh(name: string, nodes: Node[]): string {
  return `#compdef ${name}
# zsh completion for ${name}; put it in a directory of $fpath as _${name}, or: source <(${name} completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bash(name, nodes).replace(/^# bash completion.*\n/, "")}`;
}

function fish(name: string, nodes: Node[]): string {
  const lines = [`# fish completion for ${name}; save as ~/.config/fish/completions/${name}.fish`];
  lines.push(`complete -c ${name} -f`);
  for (const n of nodes) {
    const depth = n.path.length;
    const cond =
      depth === 0
        ? "__fish_use_subcommand"
        : `__fish_seen_subcommand_from ${n.path[depth - 1]}${depth === 1 ? "" : `; and __fish_seen_subcommand_from ${n.path[depth - 2]}`}`;
    for (const c of n.commands) {
      lines.push(
        `complete -c ${name} -n ${quote(cond)} -a ${quote(c)} -d ${quote(n.descriptions.get(c) ?? "")}`,
      );
    }
    for (const flag of n.flags) {
      if (depth === 0) continue;
      const opt = flag.startsWith("--") ? `-l ${flag.slice(2)}` : `-s ${flag.slice(1)}`;
      lines.push(
        `complete -c ${name} -n ${quote(`__fish_seen_subcommand_from ${n.path[depth - 1]}`)} ${opt}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

export function registerCompletion(program: Command, cli: CliRuntime): void {
  program
    .command("completion")
    .description("output shell completion code for the specified shell (bash, zsh or fish)")
    .argument("<shell>", "bash, zsh or fish")
    .action((shell: string) => {
      const nodes = commandTree(program);
      const generators: Record<string, (name: string, nodes: Node[]) => string> = { bash, zsh, fish };
      const generate = generators[shell];
      if (!generate) throw invalid(`invalid shell "${shell}": supported shells are bash, zsh, and fish`);
      cli.io.stdout.write(generate(program.name(), nodes));
    });
}
