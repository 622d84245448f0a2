/**
 * A plain-text YAML editor: a monospace textarea with a line-number gutter that scrolls with it
 * and marks lines that have problems. Tab keeps its usual meaning (moving focus) so the editor is
 * never a keyboard trap; `jumpTo` puts the caret on a line.
 */
import { forwardRef, useImperativeHandle, useMemo, useRef } from "react";

export interface YamlEditorHandle {
  jumpTo: (line: number) => void;
}

export const YamlEditor = forwardRef<
  YamlEditorHandle,
  {
    value: string;
    onChange: (v: string) => void;
    problemLines: ReadonlySet<number>;
    label: string;
    id: string;
  }
>(function YamlEditor({ value, onChange, problemLines, label, id }, handle) {
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const count = useMemo(() => value.split("\n").length, [value]);
  useImperativeHandle(handle, () => ({
    jumpTo: (line: number) => {
      const el = area.current;
      if (!el) return;
      const lines = value.split("\n");
      let offset = 0;
      for (let i = 0; i < line - 1 && i < lines.length; i++) offset += (lines[i]?.length ?? 0) + 1;
      el.focus();
      el.setSelectionRange(offset, offset + (lines[line - 1]?.length ?? 0));
      const lineHeight = Number.parseFloat(getComputedStyle(el).lineHeight) || 20;
      el.scrollTop = Math.max(0, (line - 5) * lineHeight);
    },
  }));
  const numbers = [];
  for (let i = 1; i <= count; i++) {
    numbers.push(
      <div key={i} className={problemLines.has(i) ? "gutter-line problem" : "gutter-line"}>
        {i}
      </div>,
    );
  }
  return (
    <div className="editor">
      <div ref={gutter} className="editor-gutter" aria-hidden="true">
        {numbers}
      </div>
      <textarea
        ref={area}
        id={id}
        aria-label={label}
        className="editor-text"
        value={value}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        wrap="off"
        onChange={(e) => onChange(e.target.value)}
        onScroll={(e) => {
          if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
        }}
      />
    </div>
  );
});
