import type { ImageStorage } from '../db/schema.ts';

/**
 * Where question images' bytes are kept. The `images` row always holds the metadata (bank,
 * type, size, uploader); a store keeps the bytes. Runtime-neutral port: the database store
 * works on Node and Workers alike (and is shared by both when they share one PostgreSQL); the
 * disk store is Node's (src/banks/disk-image-store.ts); the R2 store is the worker's
 * (src/worker/r2-image-store.ts).
 */
export interface ImageStore {
  readonly kind: ImageStorage;
  /** Store the bytes of image `id` (called before its row is written). */
  put(id: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes of image `id`, or null when this store does not have them. */
  get(id: string): Promise<Uint8Array | null>;
}

/** Bytes in the `images` row itself: nothing to do outside the database. */
export const databaseImageStore: ImageStore = {
  kind: 'database',
  put: async () => {},
  get: async () => null,
};
