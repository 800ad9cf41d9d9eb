import type { Language } from '../shared/localized.ts';

/**
 * Every error the API returns has a stable code and a message in the request's
 * language. Codes never change with the language; messages may be improved.
 */
export const ERROR_MESSAGES = {
  NOT_FOUND: { vi: 'Không tìm thấy.', en: 'Not found.' },
  ROUTE_NOT_FOUND: { vi: 'Không có đường dẫn API này.', en: 'No such API route.' },
  INVALID_JSON: { vi: 'Nội dung gửi lên không phải JSON hợp lệ.', en: 'The request body is not valid JSON.' },
  VALIDATION_FAILED: { vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The request has invalid fields.' },
  PAYLOAD_TOO_LARGE: { vi: 'Nội dung gửi lên quá lớn.', en: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { vi: 'Kiểu nội dung không được hỗ trợ.', en: 'Unsupported content type.' },
  UNAUTHENTICATED: { vi: 'Bạn cần đăng nhập.', en: 'You need to log in.' },
  INVALID_CREDENTIALS: { vi: 'Email hoặc mật khẩu không đúng.', en: 'Wrong email or password.' },
  FORBIDDEN: { vi: 'Bạn không có quyền thực hiện việc này.', en: 'You are not allowed to do this.' },
  CSRF_REJECTED: { vi: 'Yêu cầu từ trang khác bị từ chối.', en: 'Cross-site request refused.' },
  RATE_LIMITED: { vi: 'Quá nhiều yêu cầu, vui lòng thử lại sau.', en: 'Too many requests; try again later.' },
  CONFLICT: { vi: 'Dữ liệu bị trùng hoặc xung đột.', en: 'This conflicts with existing data.' },
  INTERNAL: { vi: 'Lỗi máy chủ. Vui lòng thử lại.', en: 'Server error. Please try again.' },
  UNAVAILABLE: { vi: 'Dịch vụ tạm thời không sẵn sàng.', en: 'The service is temporarily unavailable.' },
} as const satisfies Record<string, { vi: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_MESSAGES | (string & {});

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Thrown anywhere in a handler; turned into the envelope by the app's error handler. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly localized: { vi: string; en: string } | undefined;
  readonly headers: Record<string, string> | undefined;
  constructor(
    status: number,
    code: ErrorCode,
    opts: { details?: unknown; message?: { vi: string; en: string }; headers?: Record<string, string> } = {},
  ) {
    super(String(code));
    this.status = status;
    this.code = code;
    this.details = opts.details;
    this.localized = opts.message;
    this.headers = opts.headers;
  }
}

export function messageFor(code: ErrorCode, lang: Language, override?: { vi: string; en: string }): string {
  const m = override ?? (ERROR_MESSAGES as Record<string, { vi: string; en: string }>)[code] ?? ERROR_MESSAGES.INTERNAL;
  return m[lang];
}

export function errorBody(code: ErrorCode, lang: Language, details?: unknown, override?: { vi: string; en: string }): ErrorBody {
  return { error: { code, message: messageFor(code, lang, override), ...(details === undefined ? {} : { details }) } };
}

/**
 * Vietnamese is the default; English when the client prefers it.
 * Picks the first supported language by q-weight.
 */
export function negotiateLanguage(header: string | undefined | null): Language {
  if (!header) return 'vi';
  const prefs = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, i };
    })
    .filter((p) => p.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const p of prefs) {
    if (p.tag.startsWith('vi')) return 'vi';
    if (p.tag.startsWith('en')) return 'en';
  }
  return 'vi';
}
