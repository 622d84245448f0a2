/**
 * Submitting a Workflow manifest typed or pasted as YAML, checked as you type (debounced: the
 * server's lint runs half a second after the last key). Submitting goes to the new workflow.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { createWorkflow } from "../../api/workflows.js";
import { messageOf, reportError } from "../../errors.js";
import { useNamespace } from "../../namespace.js";
import { href, navigate } from "../../router.js";
import { type LintResult, lintText, namespaceFor, parseManifest } from "./lint.js";
import { LintProblems } from "./lint-problems.js";
import { YamlEditor, type YamlEditorHandle } from "./yaml-editor.js";

const example = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: hello-world-
spec:
  entrypoint: main
  arguments:
    parameters:
      - name: message
        value: hello world
  templates:
    - name: main
      inputs:
        parameters:
          - name: message
      container:
        image: busybox
        command: [echo, "{{inputs.parameters.message}}"]
`;

const draftKey = "argosy.submit.draft";

export function YamlSubmit() {
  const namespace = useNamespace();
  const [text, setText] = useState(() => sessionStorage.getItem(draftKey) ?? example);
  const [result, setResult] = useState<LintResult>();
  const [checking, setChecking] = useState(false);
  const [busy, setBusy] = useState(false);
  const editor = useRef<YamlEditorHandle>(null);

  useEffect(() => {
    sessionStorage.setItem(draftKey, text);
    const ctl = new AbortController();
    setChecking(true);
    const timer = setTimeout(() => {
      lintText(text, namespace, ctl.signal).then(
        (r) => {
          setResult(r);
          setChecking(false);
        },
        (e) => {
          if (ctl.signal.aborted) return;
          setChecking(false);
          setResult({ problems: [{ message: `Could not lint: ${messageOf(e)}` }] });
        },
      );
    }, 500);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [text, namespace]);

  const problemLines = useMemo(
    () => new Set((result?.problems ?? []).map((p) => p.line).filter((l): l is number => l !== undefined)),
    [result],
  );
  const submit = async () => {
    const parsed = parseManifest(text);
    if (!parsed.manifest) {
      setResult(parsed);
      return;
    }
    setBusy(true);
    try {
      const created = await createWorkflow(namespaceFor(parsed.manifest, namespace), parsed.manifest);
      sessionStorage.removeItem(draftKey);
      navigate(href(["workflows", created.metadata.namespace ?? "", created.metadata.name ?? ""]));
    } catch (e) {
      reportError("Submitting the workflow", e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="yaml-submit">
      <YamlEditor
        ref={editor}
        id="manifest"
        label="Workflow manifest (YAML)"
        value={text}
        onChange={setText}
        problemLines={problemLines}
      />
      <LintProblems
        problems={result?.problems ?? []}
        checking={checking}
        checked={result !== undefined}
        onJump={(line) => editor.current?.jumpTo(line)}
      />
      <div className="form-actions">
        <button type="button" onClick={() => setText(example)}>
          Reset to example
        </button>
        <button type="button" className="primary" disabled={busy} onClick={submit}>
          {busy ? "Submitting…" : "Submit"}
        </button>
      </div>
    </div>
  );
}
