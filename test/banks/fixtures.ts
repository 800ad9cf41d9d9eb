import type { QuestionInput } from '../../src/banks/question-schema.ts';

/** One question of every type, in both languages. */
export const EVERY_TYPE: QuestionInput[] = [
  {
    id: 'sc-otp',
    type: 'single_choice',
    prompt: { vi: 'Lan nhận tin nhắn từ "ngân hàng" yêu cầu gửi mã OTP. Lan nên làm gì?', en: 'Lan gets a message from her "bank" asking for an OTP. What should she do?' },
    options: [
      { id: 'a', text: { vi: 'Gửi mã OTP ngay', en: 'Send the OTP at once' } },
      { id: 'b', text: { vi: 'Không gửi và gọi tổng đài chính thức của ngân hàng', en: "Don't send it; call the bank's official number" } },
      { id: 'c', text: { vi: 'Trả lời hỏi lại người gửi', en: 'Reply to ask the sender' } },
    ],
    answer: 'b',
    explanation: { vi: 'Không ai được hỏi mã OTP của bạn.', en: 'Nobody should ask for your OTP.' },
    competences: ['4.2'],
    gradeBands: ['CB2', 'TC1'],
    difficulty: 1,
    source: 'Bộ Công an – khuyến cáo về mã OTP',
  },
  {
    id: 'mc-mfa',
    type: 'multiple_choice',
    prompt: { vi: 'Những cách nào là xác thực nhiều lớp?', en: 'Which are forms of multi-factor authentication?' },
    options: [
      { id: 'a', text: { vi: 'Mã từ ứng dụng xác thực', en: 'A code from an authenticator app' } },
      { id: 'b', text: { vi: 'Khóa bảo mật', en: 'A security key' } },
      { id: 'c', text: { vi: 'Câu hỏi bí mật dễ đoán', en: 'An easy secret question' } },
    ],
    answer: ['a', 'b'],
    scoring: 'partial',
    explanation: { vi: 'Ứng dụng xác thực và khóa bảo mật là yếu tố thứ hai.', en: 'Authenticator apps and security keys are second factors.' },
    competences: ['4.2'],
    gradeBands: ['TC2'],
    difficulty: 2,
    source: 'CISA Secure Our World',
  },
  {
    id: 'tf-change',
    type: 'true_false',
    prompt: { vi: 'Nên đổi mật khẩu định kỳ mỗi tháng dù không có dấu hiệu bị lộ.', en: 'You should change your password every month even without signs of compromise.' },
    answer: false,
    explanation: { vi: 'Chỉ đổi khi có dấu hiệu bị lộ.', en: 'Change it only on evidence of compromise.' },
    competences: ['4.2'],
    gradeBands: ['NC1'],
    difficulty: 2,
    source: 'NIST SP 800-63B',
  },
  {
    id: 'sa-5656',
    type: 'short_answer',
    prompt: { vi: 'Tin nhắn rác, lừa đảo được chuyển tiếp đến đầu số nào?', en: 'To which number do you forward scam SMS in Vietnam?' },
    answer: ['5656'],
    explanation: { vi: 'Đầu số 5656 tiếp nhận phản ánh tin nhắn rác.', en: '5656 receives spam reports.' },
    competences: ['2.3'],
    gradeBands: ['TC2'],
    difficulty: 3,
    source: 'Cục An toàn thông tin',
  },
  {
    id: 'or-steps',
    type: 'ordering',
    prompt: { vi: 'Sắp xếp các bước khi nghi ngờ tài khoản bị lộ.', en: 'Put the steps in order when an account may be compromised.' },
    options: [
      { id: 'a', text: { vi: 'Đổi mật khẩu', en: 'Change the password' } },
      { id: 'b', text: { vi: 'Bật xác thực nhiều lớp', en: 'Turn on MFA' } },
      { id: 'c', text: { vi: 'Kiểm tra hoạt động đăng nhập', en: 'Check sign-in activity' } },
    ],
    answer: ['a', 'b', 'c'],
    explanation: { vi: 'Khóa tài khoản trước, sau đó kiểm tra.', en: 'Lock the account down first, then check.' },
    competences: ['4.2', '5.1'],
    gradeBands: ['TC2'],
    difficulty: 2,
    source: 'UK NCSC',
  },
];

export const BANK = {
  slug: 'an-toan-mat-khau',
  title: { vi: 'An toàn mật khẩu', en: 'Password safety' },
  description: { vi: 'Câu hỏi về mật khẩu', en: 'Questions on passwords' },
  visibility: 'private' as const,
};
