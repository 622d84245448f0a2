/** Reading a Secret's key from the Store for event sources and triggers; values never reach a log. */
import type { Store, StoredObject } from "../../store/types.js";
import { notFound } from "../../util/errors.js";
import type { KeySelector } from "../types.js";

interface SecretObject extends StoredObject {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/** The value of `selector.key` in Secret `selector.name` (base64 `data` decoded, or `stringData`). */
export async function readSecret(store: Store, namespace: string, selector: KeySelector): Promise<string> {
  const secret = await store.get<SecretObject>("Secret", namespace, selector.name);
  const encoded = secret?.data?.[selector.key];
  if (encoded !== undefined) return Buffer.from(encoded, "base64").toString("utf8");
  const plain = secret?.stringData?.[selector.key];
  if (plain !== undefined) return plain;
  if (secret === undefined) throw notFound(`secret "${selector.name}"`);
  throw notFound(`key "${selector.key}" of secret "${selector.name}"`);
}

/** An error's message, for a log line. */
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
