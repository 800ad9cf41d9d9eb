import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImageStore } from './image-store.ts';

const ID = /^[0-9a-f-]{36}$/;

/** Node: image bytes as files in `dir` (IMAGE_DIR), written atomically (temp file, then rename). */
export function diskImageStore(dir: string): ImageStore {
  const fileOf = (id: string) => {
    if (!ID.test(id)) throw new Error(`not an image id: ${id}`);
    return path.join(dir, id);
  };
  return {
    kind: 'disk',
    async put(id, bytes) {
      await mkdir(dir, { recursive: true });
      const target = fileOf(id);
      await writeFile(`${target}.part`, bytes);
      await rename(`${target}.part`, target);
    },
    async get(id) {
      const bytes = await readFile(fileOf(id)).catch(() => null);
      return bytes ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
    },
  };
}
