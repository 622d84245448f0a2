/**
 * `argosy cp WORKFLOW DIR`: downloads a workflow's output artifacts through the server into
 * `DIR/{namespace}/{workflowName}/{nodeId}/outputs/{artifactName}/<file>` (the layout `--path`
 * changes), each file named after the last part of the artifact's key.
 */
import { createWriteStream, mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Command } from "commander";
import type { Artifact, NodeStatus, Workflow } from "../../spec/types.js";
import {
  type ClientFlags,
  type CliRuntime,
  clientOptions,
  connect,
  resolveWorkflowName,
} from "../context.js";

interface CpFlags extends ClientFlags {
  nodeId?: string;
  templateName?: string;
  artifactName?: string;
  path: string;
}

/** The key an artifact is stored under, whatever its repository. */
export function artifactKey(a: Artifact): string {
  const loc = a as unknown as Record<string, Record<string, string> | undefined>;
  return (
    loc.s3?.key ??
    loc.local?.key ??
    loc.gcs?.key ??
    loc.oss?.key ??
    loc.azure?.blob ??
    loc.hdfs?.path ??
    loc.artifactory?.url ??
    loc.http?.url ??
    a.name
  );
}

export interface FoundArtifact {
  node: NodeStatus;
  artifact: Artifact;
}

/** The output artifacts of the workflow's nodes that match the filters. */
export function searchArtifacts(
  wf: Workflow,
  f: { nodeId?: string; templateName?: string; artifactName?: string },
): FoundArtifact[] {
  const found: FoundArtifact[] = [];
  for (const node of Object.values(wf.status?.nodes ?? {})) {
    if (f.nodeId && node.id !== f.nodeId) continue;
    const template = node.templateRef?.template ?? node.templateName ?? "";
    if (f.templateName && template !== f.templateName) continue;
    for (const artifact of node.outputs?.artifacts ?? []) {
      if (f.artifactName && artifact.name !== f.artifactName) continue;
      found.push({ node, artifact });
    }
  }
  return found.sort((a, b) => (a.node.id + a.artifact.name < b.node.id + b.artifact.name ? -1 : 1));
}

export function registerCp(program: Command, cli: CliRuntime): void {
  const cmd = program
    .command("cp")
    .description("copy artifacts from workflow")
    .argument("<workflow>", "workflow name (@latest for the newest)")
    .argument("<output-directory>", "where to write the artifacts")
    .option("--node-id <id>", "id of node in workflow")
    .option("--template-name <name>", "name of template in workflow")
    .option("--artifact-name <name>", "name of output artifact in workflow")
    .option(
      "--path <template>",
      "use variables {workflowName}, {nodeId}, {templateName}, {artifactName}, and {namespace} to create a customized path to store the artifacts",
      "{namespace}/{workflowName}/{nodeId}/outputs/{artifactName}",
    );
  clientOptions(cmd).action(async (workflow: string, dir: string, f: CpFlags) => {
    const conn = connect(f, cli.io);
    const wf = await conn.api
      .getWorkflow(conn.namespace, await resolveWorkflowName(conn, workflow))
      .catch((e: Error) => {
        throw new Error(`failed to get workflow: ${e.message}`, { cause: e });
      });
    const name = wf.metadata.name ?? workflow;
    for (const { node, artifact } of searchArtifacts(wf, f)) {
      const target = join(
        dir,
        f.path
          .replace("{templateName}", node.templateRef?.template ?? node.templateName ?? "")
          .replace("{namespace}", conn.namespace)
          .replace("{workflowName}", name)
          .replace("{nodeId}", node.id)
          .replace("{artifactName}", artifact.name),
      );
      mkdirSync(target, { recursive: true });
      const fileName = basename(artifactKey(artifact));
      const body = await conn.api
        .outputArtifact({
          namespace: conn.namespace,
          workflow: name,
          nodeId: node.id,
          artifact: artifact.name,
        })
        .catch((e: Error) => {
          throw new Error(`failed to get and store artifact data: ${e.message}`, { cause: e });
        });
      await pipeline(Readable.from(body), createWriteStream(join(target, fileName)));
      cli.io.stderr.write(`Created "${fileName}"\n`);
    }
  });
}
