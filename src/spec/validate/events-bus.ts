/**
 * Semantic rules of an EventBus, with Argo Events' messages. Argosy runs its embedded bus for
 * `nats` and for an empty spec (which Argo rejects, so that gets a warning), and NATS JetStream for
 * `jetstream`/`jetstreamExotic`; a `kafka` bus is accepted by the schema and reported as not run.
 */
import { type Issue, warning } from "../problem.js";
import { Findings } from "./events-read.js";
import { asRecord, type Json } from "./read.js";

const busTypes = ["nats", "jetstream", "jetstreamExotic", "kafka"];

/** All semantic problems of an EventBus object. */
export function validateEventBus(root: Json): Issue[] {
  const out: Issue[] = [];
  const spec = asRecord(root.spec);
  if (spec === undefined) return out;
  const f = new Findings(out, ["spec"], spec);
  if (!busTypes.some((k) => spec[k] !== undefined && spec[k] !== null)) {
    const message =
      'invalid spec: either "nats", "jetstream", "jetstreamExotic", or "kafka" needs to be specified (Argo Events rejects this; Argosy uses its embedded bus)';
    out.push(warning("argo-compatibility", ["spec"], message));
  }
  const nats = f.child("nats");
  if (nats !== undefined) checkNats(nats);
  const jetstream = f.child("jetstream");
  if (jetstream !== undefined) {
    jetstream.need("version", "invalid spec: a version for jetstream needs to be specified");
    const replicas = jetstream.obj.replicas;
    if (typeof replicas === "number" && (replicas === 2 || replicas <= 0))
      jetstream.error(
        "invalid-value",
        "replicas",
        "invalid spec: a jetstream eventbus requires 1 replica or >= 3 replicas",
      );
  }
  const kafka = f.child("kafka");
  if (kafka !== undefined) {
    kafka.need("url", '"spec.kafka.url" is missing');
    kafka.warn("unsupported", undefined, "Argosy does not run a Kafka event bus");
  }
  f.child("jetstreamExotic")?.need("url", '"spec.jetstreamExotic.url" is missing');
  return out;
}

function checkNats(nats: Findings): void {
  // `native: {}` is the usual way to ask for the default NATS bus, so an empty map counts.
  const native = asRecord(nats.obj.native) !== undefined;
  const exotic = nats.child("exotic");
  if (native && exotic !== undefined)
    nats.error(
      "invalid-value",
      "exotic",
      '"spec.nats.native" and "spec.nats.exotic" can not be defined together',
    );
  if (!native && exotic === undefined)
    nats.error("required", undefined, 'either "native" or "exotic" must be defined');
  if (exotic === undefined) return;
  if (exotic.obj.clusterID === undefined || exotic.obj.clusterID === null)
    exotic.error("required", "clusterID", '"spec.nats.exotic.clusterID" is missing');
  exotic.need("url", '"spec.nats.exotic.url" is missing');
}
