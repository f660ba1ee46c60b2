import type { R2Bucket } from "@cloudflare/workers-types";
import type { BlobStore } from "../deps";

/**
 * Blob storage in an R2 bucket (Workers): the content type travels as the object's HTTP metadata.
 * Every key starts with `prefix` (an organisation of the platform registry: `orgs/<id>/`).
 */
export function createR2BlobStore(bucket: R2Bucket, prefix = ""): BlobStore {
  return {
    async put(key, bytes, contentType) {
      await bucket.put(prefix + key, bytes, { httpMetadata: { contentType } });
    },
    async get(key) {
      const object = await bucket.get(prefix + key);
      if (!object) return null;
      return {
        bytes: new Uint8Array(await object.arrayBuffer()),
        contentType: object.httpMetadata?.contentType ?? "application/octet-stream",
      };
    },
    async delete(key) {
      await bucket.delete(prefix + key);
    },
  };
}
