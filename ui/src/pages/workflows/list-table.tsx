/** The workflow list's table: Argo's columns, a checkbox per row, archived rows marked. */
import { PhaseIcon } from "../../components/phase-icon.js";
import { Duration, Time } from "../../components/time.js";
import { href } from "../../router.js";
import type { Workflow } from "../../types.js";
import { isArchivedCopy } from "../../util/phase.js";
import { keyOf } from "./list-model.js";

/** The workflow's page; the server reads a run that is no longer live from the archive. */
export const workflowHref = (wf: Workflow) =>
  href(["workflows", wf.metadata.namespace ?? "", wf.metadata.name ?? ""]);

function Row({
  wf,
  selected,
  onToggle,
}: {
  wf: Workflow;
  selected: boolean;
  onToggle: (on: boolean) => void;
}) {
  const name = wf.metadata.name ?? "";
  const s = wf.status ?? {};
  return (
    <tr className={selected ? "selected" : undefined} data-workflow={name}>
      <td className="check">
        <input
          type="checkbox"
          aria-label={`Select ${name}`}
          checked={selected}
          onChange={(e) => onToggle(e.target.checked)}
        />
      </td>
      <td className="status">
        <PhaseIcon phase={s.phase} />
      </td>
      <td className="name">
        <a href={workflowHref(wf)}>{name}</a>
        {isArchivedCopy(wf) ? (
          <span className="tag" title="No longer live: shown from the workflow archive">
            archived
          </span>
        ) : null}
      </td>
      <td>{wf.metadata.namespace}</td>
      <td>
        <Time iso={s.startedAt} />
      </td>
      <td>
        <Time iso={s.finishedAt} />
      </td>
      <td>
        <Duration start={s.startedAt} end={s.finishedAt} />
      </td>
      <td>{s.progress ?? "-"}</td>
      <td className="message" title={s.message}>
        {s.message}
      </td>
    </tr>
  );
}

export function WorkflowTable({
  items,
  selected,
  onSelect,
}: {
  items: Workflow[];
  selected: ReadonlySet<string>;
  onSelect: (keys: Set<string>) => void;
}) {
  const all = items.length > 0 && items.every((w) => selected.has(keyOf(w)));
  const toggle = (key: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(key);
    else next.delete(key);
    onSelect(next);
  };
  return (
    <div className="table-wrap">
      <table className="table workflows-table">
        <caption className="sr-only">Workflows</caption>
        <thead>
          <tr>
            <th className="check" scope="col">
              <input
                type="checkbox"
                aria-label="Select all workflows on this page"
                checked={all}
                onChange={(e) => onSelect(e.target.checked ? new Set(items.map(keyOf)) : new Set())}
              />
            </th>
            <th className="status" scope="col">
              <span className="sr-only">Status</span>
            </th>
            <th scope="col">Name</th>
            <th scope="col">Namespace</th>
            <th scope="col">Started</th>
            <th scope="col">Finished</th>
            <th scope="col">Duration</th>
            <th scope="col">Progress</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {items.map((wf) => {
            const key = keyOf(wf);
            return <Row key={key} wf={wf} selected={selected.has(key)} onToggle={(on) => toggle(key, on)} />;
          })}
        </tbody>
      </table>
    </div>
  );
}
