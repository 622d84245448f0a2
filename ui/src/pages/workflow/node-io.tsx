/** A node's inputs and outputs: parameters, artifacts (download + preview), result, exit code. */
import { artifactUrl } from "../../api/workflows.js";
import type { Artifact, NodeStatus, Parameter, Workflow } from "../../types.js";
import { ArtifactPreview } from "./artifact-preview.js";

function Params({ title, params }: { title: string; params: Parameter[] | undefined }) {
  if (!params?.length) return null;
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {params.map((p) => (
            <tr key={p.name}>
              <td>{p.name}</td>
              <td className="value">{String(p.value ?? p.default ?? "")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Artifacts({
  title,
  artifacts,
  url,
}: {
  title: string;
  artifacts: Artifact[] | undefined;
  url?: (a: Artifact) => string;
}) {
  if (!artifacts?.length) return null;
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      <ul className="artifacts">
        {artifacts.map((a) => (
          <li key={a.name}>
            <div className="artifact-head">
              <strong>{a.name}</strong>
              {a.path ? <code className="muted">{a.path}</code> : null}
              {url ? (
                <a className="button small" href={url(a)} download>
                  Download
                </a>
              ) : null}
            </div>
            {url ? <ArtifactPreview url={url(a)} name={a.name} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function NodeInputsOutputs({ workflow, node }: { workflow: Workflow; node: NodeStatus }) {
  const ns = workflow.metadata.namespace ?? "";
  const name = workflow.metadata.name ?? "";
  const out = node.outputs;
  const empty = !node.inputs?.parameters?.length && !node.inputs?.artifacts?.length && !out;
  if (empty) return <p className="empty">This node has no inputs or outputs.</p>;
  return (
    <div className="node-io">
      <Params title="Input parameters" params={node.inputs?.parameters} />
      <Artifacts title="Input artifacts" artifacts={node.inputs?.artifacts} />
      <Params title="Output parameters" params={out?.parameters} />
      <Artifacts
        title="Output artifacts"
        artifacts={out?.artifacts}
        url={(a) => artifactUrl(ns, name, node.id, a.name)}
      />
      {out?.result !== undefined ? (
        <section aria-label="Result">
          <h3>Result</h3>
          <pre className="code">{out.result}</pre>
        </section>
      ) : null}
    </div>
  );
}
