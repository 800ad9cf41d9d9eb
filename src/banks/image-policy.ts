/**
 * Where question images may come from. A picture loaded from a third-party host
 * tells that host about every pupil's phone that opens the question (address,
 * time, device), so by default only civiq's own uploads are allowed; an admin
 * may list extra hosts (`IMAGE_HOSTS`, e.g. the education department's CDN).
 * The page's CSP `img-src` is built from the same list (see app.ts).
 */
/** One path segment under /uploads: no `/`, `\\`, `?`, `#`, `%` (no encoded dots), not `.` or `..`. */
const UPLOADED = /^\/uploads\/(?!\.\.?$)[^/\\?#%]+$/u;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** An image uploaded to civiq: `/uploads/<id>`, one segment, so it can never name another path. */
export function isUploadedImagePath(url: string): boolean {
  return UPLOADED.test(url);
}

/** The https host of a well-formed external image URL (no credentials, default port), else null. */
export function externalImageHost(url: string): string | null {
  if (!url.startsWith('https://') || /[\s\\]/.test(url)) return null;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' || u.username || u.password || u.port) return null;
    return HOST.test(u.hostname) ? u.hostname : null;
  } catch {
    return null;
  }
}

/** Shape check used by the question schema: an upload path, or a clean https URL. */
export function isWellFormedImageUrl(url: string): boolean {
  return isUploadedImagePath(url) || externalImageHost(url) !== null;
}

/** Whether the image may be stored in a question and shown to players. */
export function isAllowedImageUrl(url: string, allowedHosts: readonly string[]): boolean {
  if (isUploadedImagePath(url)) return true;
  const host = externalImageHost(url);
  return host !== null && allowedHosts.includes(host);
}

/** Parse `IMAGE_HOSTS` ("cdn.example.edu.vn, img.sgd.gov.vn"): lower-case host names, or an error. */
export function parseImageHosts(value: string | undefined): { ok: true; hosts: string[] } | { ok: false; bad: string } {
  const hosts = (value ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const bad = hosts.find((h) => !HOST.test(h));
  return bad ? { ok: false, bad } : { ok: true, hosts };
}

/** CSP `img-src`: our own origin, inline data (QR codes), and the allowed hosts over https. */
export function imageSources(allowedHosts: readonly string[]): string[] {
  return ["'self'", 'data:', ...allowedHosts.map((h) => `https://${h}`)];
}
