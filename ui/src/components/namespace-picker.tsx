/**
 * The namespace every list shows: free text (applied on Enter or leaving the field) plus an
 * "all namespaces" switch. The choice is remembered in localStorage.
 */
import { useEffect, useId, useState } from "react";
import { setNamespace, useNamespace } from "../namespace.js";

export function NamespacePicker() {
  const ns = useNamespace();
  const [text, setText] = useState(ns || "default");
  const id = useId();
  useEffect(() => {
    if (ns) setText(ns);
  }, [ns]);
  const all = ns === "";
  const apply = () => {
    const v = text.trim();
    if (!all && v && v !== ns) setNamespace(v);
  };
  return (
    <div className="namespace-picker">
      <label htmlFor={id}>Namespace</label>
      <input
        id={id}
        type="text"
        value={all ? "" : text}
        placeholder={all ? "all namespaces" : "default"}
        disabled={all}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === "Enter") apply();
        }}
      />
      <label className="inline">
        <input
          type="checkbox"
          checked={all}
          onChange={(e) => setNamespace(e.target.checked ? "" : text.trim() || "default")}
        />
        All namespaces
      </label>
    </div>
  );
}
