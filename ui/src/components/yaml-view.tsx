/** Read-only YAML of any object, with line numbers and a copy button. */
import { useMemo, useState } from "react";
import { stringify } from "yaml";
import { ScrollArea } from "./scroll-area.js";

export function YamlView({ value, label }: { value: unknown; label: string }) {
  const text = useMemo(() => stringify(value, { lineWidth: 0, aliasDuplicateObjects: false }), [value]);
  const [copied, setCopied] = useState(false);
  const lines = useMemo(() => text.split("\n").length - 1, [text]);
  const copy = () => {
    navigator.clipboard?.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div className="yaml-view">
      <div className="yaml-toolbar">
        <span className="muted">{lines} lines</span>
        <button type="button" className="small" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <ScrollArea label={label} className="code">
        <pre>
          <code>{text}</code>
        </pre>
      </ScrollArea>
    </div>
  );
}
