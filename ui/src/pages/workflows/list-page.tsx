/**
 * `#/workflows`: the workflows of the selected namespace (live and archived, as the server merges
 * them), filtered and paged through the URL's query so a view can be bookmarked, updated live
 * from the watch stream, with batch actions on the selected rows.
 */
import { useMemo, useState } from "react";
import { LiveState } from "../../components/live-state.js";
import { Empty, PageHeader } from "../../components/page-header.js";
import { Pagination } from "../../components/pagination.js";
import { useNamespace } from "../../namespace.js";
import { href, navigate, type Route } from "../../router.js";
import { BatchActions } from "./batch-actions.js";
import { ListFiltersBar } from "./list-filters.js";
import { keyOf, type ListFilters } from "./list-model.js";
import { WorkflowTable } from "./list-table.js";
import { useWorkflowList } from "./use-workflow-list.js";

function filtersFrom(q: URLSearchParams): ListFilters {
  return {
    phases: (q.get("phase") ?? "").split(",").filter(Boolean),
    namePrefix: q.get("name") ?? "",
    labels: q.get("labels") ?? "",
    startedAfter: q.get("after") ?? "",
  };
}

function go(f: ListFilters, extra: { continue?: string | undefined; limit?: number }) {
  navigate(
    href(["workflows"], {
      phase: f.phases.join(","),
      name: f.namePrefix,
      labels: f.labels,
      after: f.startedAfter,
      continue: extra.continue,
      limit: extra.limit && extra.limit !== 50 ? String(extra.limit) : undefined,
    }),
    true,
  );
}

export function WorkflowListPage({ route }: { route: Route }) {
  const namespace = useNamespace();
  const filters = useMemo(() => filtersFrom(route.query), [route.query]);
  const token = route.query.get("continue") ?? undefined;
  const limit = Number(route.query.get("limit")) || 50;
  const list = useWorkflowList(namespace, filters, limit, token);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const selectedItems = list.items.filter((w) => selected.has(keyOf(w)));

  return (
    <>
      <PageHeader
        title="Workflows"
        actions={
          <>
            <LiveState live={list.stream.live} message={list.stream.message} />
            <a className="button primary" href="#/submit">
              Submit new workflow
            </a>
          </>
        }
      />
      <ListFiltersBar
        value={filters}
        onChange={(f) => {
          setSelected(new Set());
          go(f, { limit });
        }}
      />
      <BatchActions
        selected={selectedItems}
        onDone={() => {
          setSelected(new Set());
          list.reload();
        }}
      />
      {list.loading && list.items.length === 0 ? (
        <Empty>Loading workflows…</Empty>
      ) : list.items.length === 0 ? (
        <Empty>
          No workflows {namespace ? `in namespace ${namespace}` : "in any namespace"}
          {filters.phases.length || filters.namePrefix || filters.labels || filters.startedAfter
            ? " match the filters"
            : ""}
          . <a href="#/submit">Submit one</a>.
        </Empty>
      ) : (
        <WorkflowTable items={list.items} selected={selected} onSelect={setSelected} />
      )}
      <Pagination
        hasPrevious={Boolean(token)}
        nextToken={list.nextToken}
        limit={limit}
        onPage={(t) => {
          setSelected(new Set());
          go(filters, { continue: t, limit });
        }}
        onLimit={(n) => go(filters, { limit: n })}
      />
    </>
  );
}
