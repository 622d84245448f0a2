/**
 * The parse tree of a Go template: text, actions and the `if`/`with`/`range` control structures,
 * each pipeline a list of commands, each command a list of operands. Offsets point into the source
 * for error messages.
 */

export type TemplateNode =
  | { t: "text"; text: string }
  | { t: "action"; pos: number; pipe: Pipe }
  | ControlNode
  | { t: "break" | "continue"; pos: number };

/** `if`, `with` and `range`, each with its optional `{{else}}` list. */
export interface ControlNode {
  t: "if" | "with" | "range";
  pos: number;
  pipe: Pipe;
  list: TemplateNode[];
  elseList?: TemplateNode[];
}

export interface Pipe {
  pos: number;
  /** Variables declared (`:=`) or assigned (`=`) by this pipeline, with the `$`. */
  decl: string[];
  isAssign: boolean;
  cmds: Command[];
}

export interface Command {
  pos: number;
  /** The command's source text, for `executing "…" at <…>` messages. */
  text: string;
  args: Operand[];
}

export type Operand =
  | { t: "dot"; pos: number }
  | { t: "nil"; pos: number }
  | { t: "bool"; pos: number; value: boolean }
  | { t: "string"; pos: number; value: string }
  | { t: "number"; pos: number; value: number; isInt: boolean; text: string }
  | { t: "identifier"; pos: number; name: string }
  /** `.a.b` (fields of dot), `$x.a.b` and `(pipeline).a.b`. */
  | { t: "field"; pos: number; names: string[] }
  | { t: "variable"; pos: number; name: string; names: string[] }
  | { t: "pipe"; pos: number; pipe: Pipe; names: string[] };
