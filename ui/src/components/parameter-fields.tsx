/**
 * Inputs for workflow parameters: a drop-down for an `enum`, a text area for multi-line values,
 * a text field otherwise; the description under each; values prefilled from `value`/`default`.
 */
import { type ReactElement, useId } from "react";
import type { Parameter } from "../types.js";

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));

/** The starting values: `value`, else `default`, else the first enum entry. */
export function initialValues(params: readonly Parameter[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of params ?? []) out[p.name] = str(p.value ?? p.default ?? p.enum?.[0]);
  return out;
}

/** `name=value` strings, as the submit and resubmit calls take them. */
export const toParameterArgs = (values: Record<string, string>) =>
  Object.entries(values).map(([k, v]) => `${k}=${v}`);

function Field({ p, value, onChange }: { p: Parameter; value: string; onChange: (v: string) => void }) {
  const id = useId();
  const descId = `${id}-desc`;
  const described = p.description ? { "aria-describedby": descId } : {};
  let input: ReactElement;
  if (p.enum?.length) {
    input = (
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} {...described}>
        {p.enum.map((v) => (
          <option key={str(v)} value={str(v)}>
            {str(v)}
          </option>
        ))}
      </select>
    );
  } else if (value.includes("\n")) {
    input = (
      <textarea id={id} value={value} rows={4} onChange={(e) => onChange(e.target.value)} {...described} />
    );
  } else {
    input = (
      <input id={id} type="text" value={value} onChange={(e) => onChange(e.target.value)} {...described} />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{p.name}</label>
      {input}
      {p.description ? (
        <p id={descId} className="hint">
          {p.description}
        </p>
      ) : null}
    </div>
  );
}

export function ParameterFields({
  parameters,
  values,
  onChange,
}: {
  parameters: readonly Parameter[];
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
}) {
  if (parameters.length === 0) return <p className="muted">No parameters.</p>;
  return (
    <fieldset className="parameters">
      <legend>Parameters</legend>
      {parameters.map((p) => (
        <Field
          key={p.name}
          p={p}
          value={values[p.name] ?? ""}
          onChange={(v) => onChange({ ...values, [p.name]: v })}
        />
      ))}
    </fieldset>
  );
}
