import type { ImageStore } from '../banks/image-store.ts';

/** The part of an R2 bucket binding the store uses (structural, so no Workers types are needed). */
export interface R2BucketLike {
  put(key: string, value: Uint8Array, options?: { httpMetadata?: { contentType?: string } }): Promise<unknown>;
  get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | null>;
}

/** Workers: image bytes as objects in an R2 bucket (the IMAGES binding), keyed `images/<id>`. */
export function r2ImageStore(bucket: R2BucketLike): ImageStore {
  return {
    kind: 'r2',
    async put(id, bytes, contentType) {
      await bucket.put(`images/${id}`, bytes, { httpMetadata: { contentType } });
    },
    async get(id) {
      const obj = await bucket.get(`images/${id}`);
      return obj ? new Uint8Array(await obj.arrayBuffer()) : null;
    },
  };
}
