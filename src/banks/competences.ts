import type { LocalizedText } from '../shared/localized.ts';

/**
 * Competence frameworks are data: a question stores the framework id and a code,
 * so a revised circular or another framework is a new entry here (or an import),
 * not a schema change.
 */
export interface Framework {
  id: string;
  name: LocalizedText;
  competences: ReadonlyArray<{ code: string; name: LocalizedText }>;
  gradeBands: ReadonlyArray<{ code: string; name: LocalizedText }>;
}

/** Vietnam, Circular 02/2025/TT-BGDĐT: digital competence framework for learners. */
export const VN_DIGITAL_COMPETENCE_2025: Framework = {
  id: 'vn-tt02-2025',
  name: {
    vi: 'Khung năng lực số cho người học (Thông tư 02/2025/TT-BGDĐT)',
    en: 'Digital competence framework for learners (Circular 02/2025/TT-BGDĐT)',
  },
  competences: [
    { code: '1', name: { vi: 'Khai thác dữ liệu và thông tin', en: 'Information and data literacy' } },
    { code: '1.1', name: { vi: 'Duyệt, tìm kiếm và lọc dữ liệu, thông tin và nội dung số', en: 'Browsing, searching and filtering data, information and digital content' } },
    { code: '1.2', name: { vi: 'Đánh giá dữ liệu, thông tin và nội dung số', en: 'Evaluating data, information and digital content' } },
    { code: '1.3', name: { vi: 'Quản lý dữ liệu, thông tin và nội dung số', en: 'Managing data, information and digital content' } },
    { code: '2', name: { vi: 'Giao tiếp và hợp tác trong môi trường số', en: 'Communication and collaboration' } },
    { code: '2.1', name: { vi: 'Tương tác thông qua công nghệ số', en: 'Interacting through digital technologies' } },
    { code: '2.2', name: { vi: 'Chia sẻ thông tin và nội dung thông qua công nghệ số', en: 'Sharing through digital technologies' } },
    { code: '2.3', name: { vi: 'Sử dụng công nghệ số để thực hiện trách nhiệm công dân', en: 'Engaging in citizenship through digital technologies' } },
    { code: '2.4', name: { vi: 'Hợp tác thông qua công nghệ số', en: 'Collaborating through digital technologies' } },
    { code: '2.5', name: { vi: 'Thực hiện quy tắc ứng xử trên mạng', en: 'Netiquette' } },
    { code: '2.6', name: { vi: 'Quản lý danh tính số', en: 'Managing digital identity' } },
    { code: '3', name: { vi: 'Sáng tạo nội dung số', en: 'Digital content creation' } },
    { code: '3.1', name: { vi: 'Phát triển nội dung số', en: 'Developing digital content' } },
    { code: '3.2', name: { vi: 'Tích hợp và tạo lập lại nội dung số', en: 'Integrating and re-elaborating digital content' } },
    { code: '3.3', name: { vi: 'Thực thi bản quyền và giấy phép', en: 'Copyright and licences' } },
    { code: '3.4', name: { vi: 'Lập trình', en: 'Programming' } },
    { code: '4', name: { vi: 'An toàn', en: 'Safety' } },
    { code: '4.1', name: { vi: 'Bảo vệ thiết bị', en: 'Protecting devices' } },
    { code: '4.2', name: { vi: 'Bảo vệ dữ liệu cá nhân và quyền riêng tư', en: 'Protecting personal data and privacy' } },
    { code: '4.3', name: { vi: 'Bảo vệ sức khỏe và an sinh số', en: 'Protecting health and well-being' } },
    { code: '4.4', name: { vi: 'Bảo vệ môi trường', en: 'Protecting the environment' } },
    { code: '5', name: { vi: 'Giải quyết vấn đề', en: 'Problem solving' } },
    { code: '5.1', name: { vi: 'Giải quyết các vấn đề kỹ thuật', en: 'Solving technical problems' } },
    { code: '5.2', name: { vi: 'Xác định nhu cầu và giải pháp công nghệ', en: 'Identifying needs and technological responses' } },
    { code: '5.3', name: { vi: 'Sử dụng sáng tạo công nghệ số', en: 'Creatively using digital technologies' } },
    { code: '5.4', name: { vi: 'Xác định các vấn đề cần cải thiện về năng lực số', en: 'Identifying digital competence gaps' } },
    { code: '6', name: { vi: 'Ứng dụng trí tuệ nhân tạo', en: 'Applying artificial intelligence' } },
    { code: '6.1', name: { vi: 'Hiểu biết về AI (trong đó có AI tạo sinh)', en: 'Understanding AI, including generative AI' } },
    { code: '6.2', name: { vi: 'Sử dụng AI có đạo đức và trách nhiệm', en: 'Using AI ethically and responsibly' } },
    { code: '6.3', name: { vi: 'Đánh giá các công cụ AI', en: 'Evaluating AI tools' } },
  ],
  gradeBands: [
    { code: 'CB1', name: { vi: 'Cơ bản 1 (lớp 1–3)', en: 'Basic 1 (grades 1–3)' } },
    { code: 'CB2', name: { vi: 'Cơ bản 2 (lớp 4–5)', en: 'Basic 2 (grades 4–5)' } },
    { code: 'TC1', name: { vi: 'Trung cấp 1 (lớp 6–7)', en: 'Intermediate 1 (grades 6–7)' } },
    { code: 'TC2', name: { vi: 'Trung cấp 2 (lớp 8–9)', en: 'Intermediate 2 (grades 8–9)' } },
    { code: 'NC1', name: { vi: 'Nâng cao 1 (lớp 10–12)', en: 'Advanced 1 (grades 10–12)' } },
  ],
};

export const FRAMEWORKS: ReadonlyArray<Framework> = [VN_DIGITAL_COMPETENCE_2025];
export const DEFAULT_FRAMEWORK_ID = VN_DIGITAL_COMPETENCE_2025.id;

export function findFramework(id: string): Framework | undefined {
  return FRAMEWORKS.find((f) => f.id === id);
}

export function isKnownCompetence(frameworkId: string, code: string): boolean {
  return findFramework(frameworkId)?.competences.some((c) => c.code === code) ?? false;
}

export function isKnownGradeBand(frameworkId: string, code: string): boolean {
  return findFramework(frameworkId)?.gradeBands.some((g) => g.code === code) ?? false;
}

/** The domain ("4") of a component code ("4.2"). */
export function domainOf(code: string): string {
  return code.split('.')[0] ?? code;
}
