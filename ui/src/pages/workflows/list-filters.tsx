/** The workflow list's filters: phases, name prefix, label selector and a started-after date. */
import { type KeyboardEvent, useEffect, useId, useState } from "react";
import { type ListFilters, phaseFilterChoices } from "./list-model.js";

export function ListFiltersBar({
  value,
  onChange,
}: {
  value: ListFilters;
  onChange: (f: ListFilters) => void;
}) {
  const id = useId();
  // Text fields apply on Enter or leaving the field, not on every key (each change reloads).
  const [name, setName] = useState(value.namePrefix);
  const [labels, setLabels] = useState(value.labels);
  useEffect(() => {
    setName(value.namePrefix);
    setLabels(value.labels);
  }, [value.namePrefix, value.labels]);
  const applyText = () => {
    if (name !== value.namePrefix || labels !== value.labels)
      onChange({ ...value, namePrefix: name, labels });
  };
  const onEnter = (e: KeyboardEvent) => {
    if (e.key === "Enter") applyText();
  };
  const togglePhase = (p: string, on: boolean) =>
    onChange({ ...value, phases: on ? [...value.phases, p] : value.phases.filter((x) => x !== p) });
  const active =
    value.phases.length + (value.namePrefix ? 1 : 0) + (value.labels ? 1 : 0) + (value.startedAfter ? 1 : 0);
  return (
    <search className="filters" aria-label="Filter workflows">
      <fieldset className="phase-filter">
        <legend>Phase</legend>
        {phaseFilterChoices.map((p) => (
          <label key={p} className="inline">
            <input
              type="checkbox"
              checked={value.phases.includes(p)}
              onChange={(e) => togglePhase(p, e.target.checked)}
            />
            {p}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name prefix</label>
        <input
          id={`${id}-name`}
          type="search"
          value={name}
          spellCheck={false}
          onChange={(e) => setName(e.target.value)}
          onBlur={applyText}
          onKeyDown={onEnter}
        />
      </div>
      <div className="field grow">
        <label htmlFor={`${id}-labels`}>Labels</label>
        <input
          id={`${id}-labels`}
          type="search"
          placeholder="app=hello,env!=prod"
          value={labels}
          spellCheck={false}
          onChange={(e) => setLabels(e.target.value)}
          onBlur={applyText}
          onKeyDown={onEnter}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-after`}>Started after</label>
        <input
          id={`${id}-after`}
          type="date"
          value={value.startedAfter}
          onChange={(e) => onChange({ ...value, startedAfter: e.target.value })}
        />
      </div>
      {active > 0 ? (
        <button
          type="button"
          className="link-button"
          onClick={() => onChange({ phases: [], namePrefix: "", labels: "", startedAfter: "" })}
        >
          Clear filters
        </button>
      ) : null}
    </search>
  );
}
