/** The workflows a template or cron workflow made (by label), kept live by the watch. */
import { useState } from "react";
import { noFilters } from "../pages/workflows/list-model.js";
import { WorkflowTable } from "../pages/workflows/list-table.js";
import { useWorkflowList } from "../pages/workflows/use-workflow-list.js";
import { Empty } from "./page-header.js";

export function RecentWorkflows({
  namespace,
  labelSelector,
  title,
}: {
  namespace: string;
  labelSelector: string;
  title: string;
}) {
  const list = useWorkflowList(namespace, { ...noFilters, labels: labelSelector }, 20, undefined);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  return (
    <section className="recent" aria-label={title}>
      <h2>{title}</h2>
      {list.items.length === 0 ? (
        <Empty>{list.loading ? "Loading…" : "None yet."}</Empty>
      ) : (
        <WorkflowTable items={list.items} selected={selected} onSelect={setSelected} />
      )}
    </section>
  );
}
