/** `#/about`: the server's version and where to go next. */
import { getVersion } from "../api/archive.js";
import { Details } from "../components/details.js";
import { PageHeader } from "../components/page-header.js";
import { useAsync } from "../components/use-async.js";

export function AboutPage() {
  const v = useAsync((s) => getVersion(s), [], "Loading the version").data;
  return (
    <>
      <PageHeader title="About Argosy" />
      <section className="panel prose" aria-label="About">
        <p>
          Argosy runs Argo Workflows manifests unchanged — on a laptop, on several machines, or on Kubernetes
          — and answers Argo Server's REST API, so the <code>argo</code> CLI and SDKs work against it.
        </p>
        <Details
          label="Server version"
          rows={[
            ["Version", v?.version],
            ["Platform", v?.platform],
            ["Runtime", v?.compiler ? `${v.compiler} ${v.goVersion ?? ""}` : undefined],
            ["Git commit", v?.gitCommit],
            ["Build date", v?.buildDate],
          ]}
        />
        <h2>Links</h2>
        <ul>
          <li>
            <a href="/api/v1/info">Server info (API)</a>
          </li>
          <li>
            <a href="/metrics">Prometheus metrics</a>
          </li>
          <li>
            <a href="https://argo-workflows.readthedocs.io/" rel="noreferrer" target="_blank">
              Argo Workflows documentation
            </a>
          </li>
          <li>
            <a
              href="https://github.com/argoproj/argo-workflows/tree/main/examples"
              rel="noreferrer"
              target="_blank"
            >
              Argo Workflows examples
            </a>
          </li>
        </ul>
        <p className="muted">
          Use the CLI against this server with{" "}
          <code>ARGO_SERVER={window.location.host} ARGO_HTTP1=true ARGO_SECURE=false argo list</code>.
        </p>
      </section>
    </>
  );
}
