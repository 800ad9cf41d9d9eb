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
  REQUEST_REFUSED: { vi: 'Yêu cầu không thực hiện được.', en: 'The request could not be carried out.' },
  BAD_REQUEST: { vi: 'Yêu cầu không hợp lệ.', en: 'Bad request.' },
  EMAIL_TAKEN: { vi: 'Email này đã có tài khoản.', en: 'This email already has an account.' },
  USER_NOT_FOUND: { vi: 'Không có tài khoản với email này.', en: 'No account with this email.' },
  SLUG_TAKEN: { vi: 'Mã (slug) này đã được dùng.', en: 'This slug is already taken.' },
  BANK_ARCHIVED: { vi: 'Ngân hàng câu hỏi đã được lưu trữ.', en: 'This bank is archived.' },
  BANK_FULL: { vi: 'Ngân hàng đã đạt số câu hỏi tối đa.', en: 'The bank has reached its question limit.' },
  QUESTION_ID_TAKEN: { vi: 'Mã câu hỏi này đã có trong ngân hàng.', en: 'A question with this id already exists in the bank.' },
  INVALID_ORDER: { vi: 'Danh sách phải gồm mỗi câu hỏi đúng một lần.', en: 'The list must name every question exactly once.' },
  EMPTY_BANK: { vi: 'Chưa có câu hỏi nào để xuất bản.', en: 'There are no questions to publish.' },
  NO_CHANGES: { vi: 'Không có thay đổi nào kể từ phiên bản trước.', en: 'Nothing changed since the last version.' },
  REVIEW_REQUIRED: { vi: 'Ngân hàng này cần được duyệt trước khi xuất bản.', en: 'This bank must be approved by a reviewer before publishing.' },
  ALREADY_IN_REVIEW: { vi: 'Ngân hàng đang chờ duyệt.', en: 'The bank is already in review.' },
  NOT_IN_REVIEW: { vi: 'Ngân hàng chưa được gửi duyệt.', en: 'The bank has not been submitted for review.' },
  VERSION_NOT_FOUND: { vi: 'Không có phiên bản này.', en: 'No such version.' },
  IMPORT_FAILED: { vi: 'Tệp có lỗi; không câu hỏi nào được nhập.', en: 'The file has errors; nothing was imported.' },
  TOO_MANY_QUESTIONS: { vi: 'Tệp có quá nhiều câu hỏi.', en: 'The file has too many questions.' },
  NOT_UTF8: { vi: 'Tệp phải được mã hóa UTF-8.', en: 'The file must be UTF-8 encoded.' },
  QUESTIONS_NOT_IN_VERSION: { vi: 'Có câu hỏi không thuộc phiên bản ngân hàng đã chọn.', en: 'Some questions are not in the chosen bank version.' },
  DUPLICATE_QUESTIONS: { vi: 'Danh sách có câu hỏi bị lặp.', en: 'The list names a question twice.' },
  NOT_ENOUGH_QUESTIONS: { vi: 'Phiên bản ngân hàng không đủ số câu hỏi.', en: 'The bank version has too few questions.' },
  BLUEPRINT_UNSATISFIABLE: { vi: 'Phiên bản ngân hàng không đủ câu hỏi cho cấu trúc đề.', en: 'The bank version cannot satisfy the blueprint.' },
  REGION_SET_UNKNOWN: { vi: 'Không có bộ đơn vị hành chính này.', en: 'No such region set.' },
  INVALID_REGION_SET: { vi: 'Dữ liệu bộ đơn vị hành chính không hợp lệ.', en: 'The region set data is invalid.' },
  REGION_IN_USE: { vi: 'Đơn vị đang có trường học; không thể xóa.', en: 'The unit still has schools; it cannot be removed.' },
  NOT_ROSTER_MODE: { vi: 'Cuộc thi không dùng mã dự thi.', en: 'The contest does not use entry codes.' },
  UNAVAILABLE: { vi: 'Dịch vụ tạm thời không sẵn sàng.', en: 'The service is temporarily unavailable.' },
  NODE_ONLY: {
    vi: 'Chức năng này (thi trực tiếp, đăng nhập bằng mật khẩu, các trang web) chạy trên máy chủ Node của civiq, không chạy trên Workers.',
    en: 'This (live contests, password sign-in, the web pages) runs on the civiq Node server, not on Workers.',
  },
  REPORT_CONTESTS_UNKNOWN: { vi: 'Có cuộc thi chưa có số liệu báo cáo hoặc ngoài phạm vi của bạn.', en: 'Some contests have no report data yet or are outside your scope.' },
  REPORT_SERIES_EMPTY: { vi: 'Không có cuộc thi nào đã kết thúc phù hợp để lập chuỗi.', en: 'No finished contest matches; the series would be empty.' },
  REPORT_SERIES_MIXED_REGIONS: { vi: 'Các cuộc thi trong một chuỗi phải dùng cùng bộ đơn vị hành chính.', en: 'The contests of a series must use the same region set.' },
  // Scheduled contests and practice (src/scheduled, docs/scheduled.md)
  CONTEST_NOT_OPEN: { vi: 'Cuộc thi chưa mở.', en: 'The contest is not open yet.' },
  CONTEST_CLOSED: { vi: 'Cuộc thi đã kết thúc.', en: 'The contest has closed.' },
  CONTEST_NOT_CLOSED: { vi: 'Cuộc thi chưa kết thúc; chưa thể công bố kết quả.', en: 'The contest has not closed; results cannot be published yet.' },
  NO_ATTEMPTS_LEFT: { vi: 'Bạn đã dùng hết số lượt thi.', en: 'You have no attempts left.' },
  NOT_ELIGIBLE: { vi: 'Bạn không thuộc đối tượng dự thi của cuộc thi này.', en: 'You are not eligible for this contest.' },
  ATTEMPT_IN_PROGRESS: { vi: 'Bạn đang có một lượt thi chưa nộp; hãy tiếp tục lượt đó.', en: 'You have an attempt in progress; continue that one.' },
  ATTEMPT_CLOSED: { vi: 'Lượt thi đã kết thúc; không thể lưu thêm.', en: 'The attempt has ended; nothing more can be saved.' },
  QUESTION_NOT_IN_ATTEMPT: { vi: 'Câu hỏi này không thuộc lượt thi.', en: 'This question is not part of the attempt.' },
  INVALID_RESPONSE: { vi: 'Câu trả lời không khớp với câu hỏi.', en: 'The response does not fit the question.' },
  ALREADY_ANSWERED: { vi: 'Bạn đã trả lời câu này.', en: 'You have already answered this question.' },
  GUARDIAN_CONSENT_REQUIRED: { vi: 'Người dưới 16 tuổi cần có sự đồng ý của cha mẹ hoặc người giám hộ.', en: 'Anyone under 16 needs the consent of a parent or guardian.' },
  DISTRICT_UNKNOWN: { vi: 'Không xác định được huyện/thị xã/thành phố; hãy chọn trong danh sách.', en: 'The district could not be identified; pick one from the list.' },
  RESUME_NOT_FOUND: { vi: 'Mã tiếp tục hoặc ngày sinh không đúng.', en: 'Wrong resume code or date of birth.' },
  PARTICIPANT_TOKEN_REQUIRED: { vi: 'Cần mã thí sinh hợp lệ; hãy đăng ký hoặc nhập mã tiếp tục.', en: 'A valid participant token is needed; register or enter your resume code.' },
  FIELD_LOCKED: { vi: 'Không thể thay đổi mục này khi cuộc thi đã mở.', en: 'These fields cannot change once the contest has opened.' },
  RANKINGS_NOT_PUBLISHED: { vi: 'Kết quả chưa được công bố.', en: 'The rankings have not been published yet.' },
  DUPLICATE_DECIDED: { vi: 'Trường hợp trùng này đã được xử lý.', en: 'This duplicate has already been decided.' },
  ORGANISER_MUST_BE_TEACHER: { vi: 'Chỉ giáo viên mới được giao quyền tổ chức.', en: 'Only teachers can be given the organiser right.' },
  REGION_UNKNOWN: { vi: 'Không có đơn vị hành chính với mã này.', en: 'No administrative unit has this code.' },
  IMAGE_URL_NOT_ALLOWED: { vi: 'Chỉ dùng ảnh đã tải lên civiq hoặc từ máy chủ ảnh được quản trị viên cho phép.', en: 'Use images uploaded to civiq or from an image host the administrator allows.' },
  CANNOT_CHANGE_SELF: { vi: 'Bạn không thể tự khóa hoặc tự hạ quyền tài khoản của mình.', en: 'You cannot disable your own account or remove your own admin role.' },
  JOIN_ADDRESS_UNKNOWN: { vi: 'Địa chỉ này không phải của máy chủ; hãy chọn trong danh sách.', en: 'Not one of this server\'s addresses; choose one from the list.' },
  IMPORT_FILE_MISSING: { vi: 'Biểu mẫu phải có một tệp ở trường "file".', en: 'The form must carry one file in the "file" field.' },
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
  // An uncatalogued code must not read as a server fault (a test keeps the catalogue complete).
  const m = override ?? (ERROR_MESSAGES as Record<string, { vi: string; en: string }>)[code] ?? ERROR_MESSAGES.REQUEST_REFUSED;
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
