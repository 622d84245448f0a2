/** `#/cron-workflows`: schedules, time zone, policy, suspended state, last and next run. */
import { listCronWorkflows } from "../../api/resources.js";
import { Empty, PageHeader } from "../../components/page-header.js";
import { Time } from "../../components/time.js";
import { useAsync } from "../../components/use-async.js";
import { useNamespace } from "../../namespace.js";
import { href } from "../../router.js";
import { cronStatus, nextRunsOf, schedulesOf } from "./cron-model.js";

export function CronListPage() {
  const namespace = useNamespace();
  const list = useAsync((s) => listCronWorkflows(namespace, s), [namespace], "Loading cron workflows");
  const items = list.data?.items ?? [];
  const now = Date.now();
  return (
    <>
      <PageHeader title="Cron Workflows" />
      {items.length === 0 ? (
        <Empty>
          {list.loading
            ? "Loading…"
            : `No cron workflows ${namespace ? `in namespace ${namespace}` : "in any namespace"}.`}{" "}
          {list.loading ? null : (
            <span className="muted">
              Create one with <code>argosy cron create FILE</code>.
            </span>
          )}
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">Cron workflows</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Namespace</th>
                <th scope="col">Schedule</th>
                <th scope="col">Time zone</th>
                <th scope="col">State</th>
                <th scope="col">Last run</th>
                <th scope="col">Next run</th>
                <th scope="col">Active</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => {
                const s = cronStatus(c);
                const next = c.spec?.suspend ? undefined : nextRunsOf(c, now, 1)?.[0];
                return (
                  <tr key={`${c.metadata.namespace}/${c.metadata.name}`}>
                    <td className="name">
                      <a href={href(["cron-workflows", c.metadata.namespace ?? "", c.metadata.name ?? ""])}>
                        {c.metadata.name}
                      </a>
                    </td>
                    <td>{c.metadata.namespace}</td>
                    <td>
                      <code>{schedulesOf(c).join(", ")}</code>
                    </td>
                    <td>{c.spec?.timezone || <span className="muted">server's</span>}</td>
                    <td>
                      {c.spec?.suspend ? (
                        <span className="tag warn">Suspended</span>
                      ) : (
                        <span className="tag ok">Active</span>
                      )}
                    </td>
                    <td>
                      <Time iso={s.lastScheduledTime} />
                    </td>
                    <td>{next ? <Time iso={next.toISOString()} /> : <span className="muted">-</span>}</td>
                    <td>{s.active.length}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
