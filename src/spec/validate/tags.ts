import type { Path } from "./model.js";

/** One simple `{{a.b.c}}` tag found in a string of the manifest. */
export interface Tag {
  /** The tag's content, trimmed: `steps.flip.outputs.result`. */
  text: string;
  parts: string[];
  /** Where the string holding it is. */
  at: Path;
}

const tagPattern = /\{\{([^{}]*)\}\}/g;
// Only dotted names are checked; anything else (expressions, sprig calls) is some other language.
const simpleTag = /^[A-Za-z0-9_.-]+$/;

/** Where to look for tags: a value, its path, and top-level keys not to enter. */
export interface TagScan {
  value: unknown;
  at: Path;
  skip?: readonly string[];
}

/**
 * Calls `visit` for every simple tag in the strings under `value`. Keys listed in `skip` are not
 * entered at the top level (a steps template's steps are checked one by one, with their own scope).
 */
export function forEachTag({ value, at, skip = [] }: TagScan, visit: (tag: Tag) => void): void {
  // One path array, pushed and popped while walking, keeps this cheap on large manifests.
  const path: (string | number)[] = [...at];
  const walk = (node: unknown, skipKeys: readonly string[]): void => {
    if (typeof node === "string") {
      if (node.includes("{{")) visitTags(node, path, visit);
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        path.push(i);
        walk(item, []);
        path.pop();
      });
      return;
    }
    if (typeof node !== "object" || node === null) return;
    for (const [key, item] of Object.entries(node)) {
      if (skipKeys.includes(key)) continue;
      path.push(key);
      walk(item, []);
      path.pop();
    }
  };
  walk(value, skip);
}

function visitTags(text: string, at: readonly (string | number)[], visit: (tag: Tag) => void): void {
  for (const m of text.matchAll(tagPattern)) {
    const content = (m[1] ?? "").trim();
    if (content.startsWith("=") || !simpleTag.test(content)) continue;
    visit({ text: content, parts: content.split("."), at: [...at] });
  }
}
