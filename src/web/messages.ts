/**
 * Every text the web pages show, in Vietnamese (default) and English. Pages and
 * client bundles read from here; markup holds keys, not sentences.
 * `{name}` placeholders are filled by `t()`.
 */
export const MESSAGES = {
  vi: {
    'app.name': 'civiq',
    'app.tagline': 'Thi trực tuyến về kỹ năng số',
    'lang.switch': 'English',
    'login.title': 'Đăng nhập cho giáo viên',
    'login.email': 'Email',
    'login.password': 'Mật khẩu',
    'login.submit': 'Đăng nhập',
    'login.failed': 'Email hoặc mật khẩu không đúng.',
    'login.throttled': 'Bạn đã thử quá nhiều lần. Vui lòng thử lại sau {seconds} giây.',
    'login.error': 'Không đăng nhập được. Vui lòng thử lại.',
    'login.done': 'Đã đăng nhập. Đang chuyển trang…',
    'home.play': 'Tham gia thi (học sinh)',
    'home.host': 'Tổ chức cuộc thi (giáo viên)',
    'home.docs': 'Tài liệu API',
  },
  en: {
    'app.name': 'civiq',
    'app.tagline': 'Online digital-skills contests',
    'lang.switch': 'Tiếng Việt',
    'login.title': 'Teacher sign-in',
    'login.email': 'Email',
    'login.password': 'Password',
    'login.submit': 'Sign in',
    'login.failed': 'Wrong email or password.',
    'login.throttled': 'Too many attempts. Try again in {seconds} seconds.',
    'login.error': 'Could not sign in. Please try again.',
    'login.done': 'Signed in. Redirecting…',
    'home.play': 'Join a contest (students)',
    'home.host': 'Host a contest (teachers)',
    'home.docs': 'API reference',
  },
} as const satisfies Record<'vi' | 'en', Record<string, string>>;

export type MessageKey = keyof (typeof MESSAGES)['vi'];
export type Lang = keyof typeof MESSAGES;

export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text: string = MESSAGES[lang][key] ?? MESSAGES.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}
