/**
 * Go text/template with Sprig, hand-written (no eval): the language of Argo Events' `dataTemplate`,
 * `contextTemplate` and data-filter `template`. Parsed templates are cached by text.
 */
import { invalid } from "../../../util/errors.js";
import type { TemplateNode } from "./ast.js";
import { builtins } from "./builtins.js";
import { execute } from "./exec.js";
import type { TemplateFunc } from "./func.js";
import { lex } from "./lexer.js";
import { parse } from "./parser.js";
import { sprig } from "./sprig.js";

export { TemplateError } from "./errors.js";
export { GoInt, printValue, toPlain } from "./values.js";

const funcs: Readonly<Record<string, TemplateFunc>> = Object.freeze({ ...sprig, ...builtins });
const isFunc = (name: string): boolean => Object.hasOwn(funcs, name);

const maxSource = 64 * 1024;
const cacheLimit = 256;
const cache = new Map<string, TemplateNode[]>();

function compile(template: string, name: string): TemplateNode[] {
  const key = `${name}\u0000${template}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const nodes = parse(lex(template, name), template, name, isFunc);
  if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value as string);
  cache.set(key, nodes);
  return nodes;
}

export interface RenderOptions {
  /** The template's name in error messages (Argo names its templates `param`). @default "param" */
  name?: string;
}

/**
 * Renders a Go template over `data` (the template's dot and `$`). Throws `TemplateError` (an
 * `ArgosyError` with code `Invalid`) for parse and execution errors, with line and column.
 */
export function renderGoTemplate(template: string, data: unknown, options: RenderOptions = {}): string {
  const name = options.name ?? "param";
  if (template.length > maxSource) {
    throw invalid(`template: ${name}: template is longer than ${maxSource} characters`);
  }
  return execute(compile(template, name), data, { name, src: template, funcs });
}
