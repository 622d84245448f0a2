/** `#/archived-workflows`: workflows kept in the archive, by name prefix, paged. */
import { useId, useState } from "react";
import { listArchivedWorkflows } from "../../api/archive.js";
import { Empty, PageHeader } from "../../components/page-header.js";
import { Pagination } from "../../components/pagination.js";
import { PhaseIcon } from "../../components/phase-icon.js";
import { Duration, Time } from "../../components/time.js";
import { useAsync } from "../../components/use-async.js";
import { useNamespace } from "../../namespace.js";
import { href } from "../../router.js";

export function ArchivedListPage() {
  const namespace = useNamespace();
  const id = useId();
  const [prefix, setPrefix] = useState("");
  const [applied, setApplied] = useState("");
  const [token, setToken] = useState<string>();
  const [limit, setLimit] = useState(50);
  const list = useAsync(
    (s) =>
      listArchivedWorkflows(
        { namespace, limit, namePrefix: applied, ...(token ? { continueToken: token } : {}) },
        s,
      ),
    [namespace, limit, applied, token],
    "Loading archived workflows",
  );
  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader title="Archived Workflows" />
      <search className="filters" aria-label="Filter archived workflows">
        <div className="field">
          <label htmlFor={id}>Name prefix</label>
          <input
            id={id}
            type="search"
            value={prefix}
            onChange={(e) => setPrefix(e.target.value)}
            onBlur={() => setApplied(prefix.trim())}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                setToken(undefined);
                setApplied(prefix.trim());
              }
            }}
          />
        </div>
      </search>
      {items.length === 0 ? (
        <Empty>{list.loading ? "Loading…" : "No archived workflows."}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">Archived workflows</caption>
            <thead>
              <tr>
                <th className="status" scope="col">
                  <span className="sr-only">Status</span>
                </th>
                <th scope="col">Name</th>
                <th scope="col">Namespace</th>
                <th scope="col">Started</th>
                <th scope="col">Finished</th>
                <th scope="col">Duration</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {items.map((w) => (
                <tr key={w.metadata.uid}>
                  <td className="status">
                    <PhaseIcon phase={w.status?.phase} />
                  </td>
                  <td className="name">
                    <a href={href(["archived-workflows", w.metadata.uid ?? ""])}>{w.metadata.name}</a>
                  </td>
                  <td>{w.metadata.namespace}</td>
                  <td>
                    <Time iso={w.status?.startedAt} />
                  </td>
                  <td>
                    <Time iso={w.status?.finishedAt} />
                  </td>
                  <td>
                    <Duration start={w.status?.startedAt} end={w.status?.finishedAt} />
                  </td>
                  <td className="message">{w.status?.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        hasPrevious={Boolean(token)}
        nextToken={list.data?.metadata?.continue}
        limit={limit}
        onPage={setToken}
        onLimit={(n) => {
          setToken(undefined);
          setLimit(n);
        }}
      />
    </>
  );
}
