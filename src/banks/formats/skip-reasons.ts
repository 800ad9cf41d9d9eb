import type { Language } from '../../shared/localized.ts';

/**
 * Import reports in the reader's language. Parsers stay pure and write their
 * reasons in English (the language of the tests and the logs); the HTTP shell
 * turns each reason into Vietnamese for a Vietnamese reader with these phrase
 * rules. A rule rewrites a phrase and keeps what the file said (quoted text,
 * numbers, field paths) as it was. Phrases no rule knows stay in English inside
 * a Vietnamese sentence, so nothing is lost; test/banks/skip-reasons.test.ts runs
 * every parser over bad files and holds the common reasons to a full translation.
 */

type Rule = [RegExp, string];

/** Whole-reason and phrase rules, applied in order; `$1`… keep the file's own words. */
const RULES: Rule[] = [
  [/^this file is (.+?), not (\w[\w-]*)(: import it with format=(.+))?$/, 'tệp này là $1, không phải $2$3'],
  [/: import it with format=(.+)$/, ': hãy nhập với format=$1'],
  [/^invalid question: /, 'câu hỏi không hợp lệ: '],
  [/^essay question \(\{\}\) is not supported: essays cannot be graded in a contest$/, 'câu tự luận ({}) không được hỗ trợ: không chấm được trong cuộc thi'],
  [/^description \(text without an answer block\) is not supported: civiq has no description items$/, 'đoạn mô tả (không có khối đáp án) không được hỗ trợ: civiq không có mục mô tả'],
  [/^missing "ANSWER:" line$/, 'thiếu dòng "ANSWER:"'],
  [/^"ANSWER:" line without a question$/, 'dòng "ANSWER:" không thuộc câu hỏi nào'],
  [/^"ANSWER:" must be one letter, not (".*?")/, '"ANSWER:" phải là một chữ cái, không phải $1'],
  [/^ANSWER: (\w) is not one of the options A–(\w)/, 'ANSWER: $1 không thuộc các phương án A–$2'],
  [/^needs at least 2 options, found (\d+)$/, 'cần ít nhất 2 phương án, chỉ có $1'],
  [/^expected option "(\w)\." or "ANSWER:"/, 'cần phương án "$1." hoặc "ANSWER:"'],
  [/^option (\w) is out of order: expected (\w)/, 'phương án $1 sai thứ tự: cần $2'],
  [/^unclosed "\{" \(opened on line (\d+)\)$/, 'dấu "{" mở ở dòng $1 chưa được đóng'],
  [/^unmatched "\}"/, 'dấu "}" thừa'],
  [/^unescaped "(.)" outside the answer braces/, 'dấu "$1" chưa thoát nằm ngoài khối đáp án'],
  [/; write \\(.) for a literal "(.)"/, '; viết \\$1 nếu muốn ký tự "$2"'],
  [/^more than one answer block/, 'có nhiều hơn một khối đáp án'],
  [/^title "::" is not closed/, 'tiêu đề "::" chưa được đóng'],
  [/^empty answer after "(.)"/, 'đáp án rỗng sau "$1"'],
  [/^no correct answer: mark one with "=" or give positive "~%n%" weights/, 'không có đáp án đúng: đánh dấu bằng "=" hoặc cho trọng số dương "~%n%"'],
  [/^positive weights add up to ([\d.-]+)%, not 100%/, 'tổng trọng số dương là $1%, không phải 100%'],
  [/^no answer earns 100%: civiq short answers need at least one fully right answer/, 'không đáp án nào được 100%: câu trả lời ngắn cần ít nhất một đáp án đúng hoàn toàn'],
  [/^(".*?") is not a number, "value:tolerance" or "min\.\.max"/, '$1 không phải số, "giá_trị:sai_số" hoặc "min..max"'],
  [/^matching pair without "->"/, 'cặp ghép thiếu "->"'],
  [/^the (-?[\d.]+)% answer (".*?")/, 'đáp án $2 được $1%'],
  [/^the (-?[\d.]+)% credit of option (".*?")/, '$1% điểm của phương án $2'],
  [/^the feedback on answer (".*?")/, 'phản hồi của đáp án $1'],
  [/^the feedback on pair (".*?")/, 'phản hồi của cặp $1'],
  [/^the extra answer (".*?")/, 'đáp án thừa $1'],
  [/^per-answer feedback on (".*?")/, 'phản hồi riêng của đáp án $1'],
  [/civiq short answers are right or wrong/, 'câu trả lời ngắn của civiq chỉ đúng hoặc sai'],
  [/civiq single choice is right or wrong/, 'câu một lựa chọn của civiq chỉ đúng hoặc sai'],
  [/short answers have no per-answer feedback/, 'câu trả lời ngắn không có phản hồi riêng cho từng đáp án'],
  [/civiq matching has no distractors/, 'câu ghép đôi của civiq không có đáp án gây nhiễu'],
  [/: it earns nothing/, ': không được điểm nào'],
  [/^(prompt|option|feedback|general feedback|pair): (.*) dropped$/, '$1: bỏ $2'],
  [/underline formatting/, 'định dạng gạch chân'],
  [/subscript\/superscript/, 'chỉ số trên/dưới'],
  [/table layout \(<table>\): cells kept as lines/, 'bố cục bảng (<table>): giữ các ô thành dòng'],
  [/\bheading\b/, 'tiêu đề'],
  [/\bcontent\b/, 'nội dung'],
  [/image (\S+) dropped \(a question has one image\)/, 'bỏ ảnh $1 (mỗi câu hỏi có một ảnh)'],
  [/image (\S+) dropped \(only https images can be linked\)/, 'bỏ ảnh $1 (chỉ liên kết được ảnh https)'],
  [/image (\S+) dropped \(only the question has an image\)/, 'bỏ ảnh $1 (chỉ câu hỏi có ảnh)'],
  [/^duplicate id (".*?") \(first used on line (\d+)\)$/, 'trùng mã $1 (dùng lần đầu ở dòng $2)'],
  [/^duplicate id (".*?") in the file$/, 'trùng mã $1 trong tệp'],
  [/^a question with id (".*?") already exists \(use onConflict=replace to overwrite\)$/, 'đã có câu hỏi mã $1 (dùng onConflict=replace để ghi đè)'],
  [/^unknown columns ignored: /, 'bỏ qua các cột không rõ: '],
  [/^unknown fields ignored: /, 'bỏ qua các trường không rõ: '],
  [/^columns given twice, only the first is read: /, 'cột bị lặp, chỉ đọc cột đầu: '],
  [/^the header has no prompt_vi or prompt_en column.*$/, 'dòng tiêu đề không có cột prompt_vi hoặc prompt_en (xem docs/formats.md)'],
  [/^row has (\d+) cells but the header has (\d+); a separator inside a cell must be quoted$/, 'dòng có $1 ô nhưng tiêu đề có $2; dấu phân cách trong ô phải nằm trong ngoặc kép'],
  [/\bis not a number\b/, 'không phải là số'],
  [/\bis not true\/false \(đúng\/sai\)/, 'không phải đúng/sai'],
  [/^correct is empty$/, 'cột correct đang trống'],
  [/\bcorrect is empty\b/, 'cột correct đang trống'],
  [/^type is required for a row without options$/, 'dòng không có phương án thì phải có cột type'],
  [/^invalid JSON/, 'JSON không hợp lệ'],
  [/^the (\S+) parser failed: /, 'bộ đọc $1 bị lỗi: '],
  [/^Câu (\d+): no key: add "Đáp án: B", or mark the right option in bold, underlined or with \*$/, 'Câu $1: không có đáp án: thêm "Đáp án: B", hoặc in đậm, gạch chân hay đánh dấu * phương án đúng'],
  [/^Câu (\d+): paragraph not read: /, 'Câu $1: đoạn không đọc được: '],
  [/^Câu (\d+): no options and no "Đáp án:" line$/, 'Câu $1: không có phương án và không có dòng "Đáp án:"'],
  [/^Câu (\d+): the key names an option the question does not have/, 'Câu $1: đáp án ghi một phương án mà câu hỏi không có'],
  [/^GIFT has no ordering questions$/, 'GIFT không có câu sắp xếp thứ tự'],
  [/^GIFT reads "->" in a short answer as a matching question$/, 'GIFT đọc "->" trong câu trả lời ngắn thành câu ghép đôi'],
  [/^GIFT cannot write "->" inside a matching pair$/, 'GIFT không ghi được "->" bên trong một cặp ghép'],
  [/^(GIFT|Moodle XML) has no feedback on matching pairs: feedback left out$/, '$1 không có phản hồi cho từng cặp ghép: bỏ phần phản hồi'],
  [/^Aiken holds single-choice questions only$/, 'Aiken chỉ chứa câu một lựa chọn'],
  [/^the uploaded image is not embedded; the civiq comment keeps its link$/, 'ảnh đã tải lên không được nhúng; chú thích civiq giữ đường dẫn của ảnh'],
  [/^the uploaded image is not in the package: QTI items here link images by https URL only$/, 'ảnh đã tải lên không có trong gói: câu hỏi QTI chỉ liên kết ảnh https'],
  [/^right\/wrong and per-option feedback are left out \(the explanation is kept as modal feedback\)$/, 'bỏ phản hồi đúng/sai và phản hồi từng phương án (giữ phần giải thích)'],
  [/^Moodle files a question in one category: the other category tags are left out$/, 'Moodle xếp mỗi câu hỏi vào một danh mục: bỏ các nhãn danh mục khác'],
  [/at least one of vi or en is required/, 'cần ít nhất một trong hai ngôn ngữ vi hoặc en'],
  [/\(line (\d+)\)/g, '(dòng $1)'],
  [/\bline (\d+)\b/g, 'dòng $1'],
];

/** One reason in `lang`. English reasons are returned as written. */
export function localizeReason(reason: string, lang: Language): string {
  if (lang === 'en') return reason;
  const dropped = /^imported without (.*)$/s.exec(reason);
  if (dropped) return `đã nhập nhưng bỏ: ${localizeReason(dropped[1]!, lang)}`;
  let out = reason;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}

/** A report (`skipped` of an import) in `lang`. */
export function localizeImportReasons<T extends { reason: string }>(items: readonly T[], lang: Language): T[] {
  return items.map((s) => ({ ...s, reason: localizeReason(s.reason, lang) }));
}
