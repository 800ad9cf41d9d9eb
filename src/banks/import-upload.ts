import { ApiError } from '../http/errors.ts';
import { LIMITS } from './question-schema.ts';
import { acceptedImportTypes } from './formats/index.ts';

/**
 * The bytes of an uploaded bank file: the request body as sent with its real
 * content type (`curl --data-binary @bank.xml -H 'Content-Type: application/xml'`),
 * or the `file` field of a multipart form (`curl -F file=@bank.xlsx`). Which
 * format the bytes are is the `format` query's business, not the content type's:
 * browsers and curl label the same file differently.
 */
export interface UploadRequest {
  header(name: string): string | undefined;
  arrayBuffer(): Promise<ArrayBuffer>;
  formData(): Promise<FormData>;
}

export async function readImportUpload(req: UploadRequest): Promise<Uint8Array> {
  const type = (req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  const accepted = acceptedImportTypes();
  if (type !== '' && !accepted.includes(type)) throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', { details: { accepted } });
  const declared = Number(req.header('Content-Length') ?? '0');
  // A form adds its boundaries and headers around the file; 64 KiB is room enough for them.
  const limit = LIMITS.importBytes + (type === 'multipart/form-data' ? 64 * 1024 : 0);
  if (declared > limit) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', { details: { limitBytes: LIMITS.importBytes } });
  if (type !== 'multipart/form-data') {
    const bytes = new Uint8Array(await req.arrayBuffer());
    if (bytes.byteLength > LIMITS.importBytes) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', { details: { limitBytes: LIMITS.importBytes } });
    return bytes;
  }
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw new ApiError(400, 'BAD_REQUEST');
  }
  const files = form.getAll('file').filter((f): f is File => typeof f !== 'string');
  if (files.length !== 1) throw new ApiError(422, 'IMPORT_FILE_MISSING');
  const file = files[0]!;
  if (file.size > LIMITS.importBytes) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', { details: { limitBytes: LIMITS.importBytes } });
  return new Uint8Array(await file.arrayBuffer());
}
