/**
 * Words for generated nicknames: friendly, short, safe for a classroom. Vietnamese
 * puts the noun first ("Voi Dũng Cảm"), English the adjective ("Brave Elephant").
 * Every combination stays within 20 graphemes (tested).
 */
export const VI_NOUNS: readonly string[] = [
  'Voi', 'Hổ', 'Sư Tử', 'Gấu', 'Cáo', 'Thỏ', 'Mèo', 'Khỉ', 'Ngựa', 'Hươu', 'Nai', 'Rùa', 'Cá Heo', 'Chim Sẻ',
  'Đại Bàng', 'Cú Mèo', 'Sóc', 'Ong', 'Bướm', 'Hạc', 'Sen', 'Tre', 'Mây', 'Sao', 'Trăng', 'Núi', 'Sông', 'Gió', 'Lúa', 'Gấu Trúc',
];
export const VI_ADJECTIVES: readonly string[] = [
  'Dũng Cảm', 'Nhanh Nhẹn', 'Thông Minh', 'Vui Vẻ', 'Hiền Lành', 'Chăm Chỉ', 'Tinh Nghịch', 'Mạnh Mẽ', 'Khéo Léo', 'Tự Tin',
  'Hào Hứng', 'Lanh Lợi', 'Sáng Tạo', 'Kiên Trì', 'Tốt Bụng', 'Năng Động', 'Bình Tĩnh', 'Thân Thiện', 'Lấp Lánh', 'Tí Hon',
  'Can Đảm', 'Siêng Năng', 'Hăng Hái', 'Vui Tính', 'Nhanh Trí', 'Ham Học', 'Chu Đáo', 'Lạc Quan', 'Ngoan', 'Hiếu Học',
];
export const EN_ADJECTIVES: readonly string[] = [
  'Brave', 'Clever', 'Happy', 'Swift', 'Gentle', 'Bright', 'Calm', 'Curious', 'Kind', 'Bold', 'Cheerful', 'Friendly', 'Lucky',
  'Mighty', 'Quiet', 'Sunny', 'Witty', 'Eager', 'Jolly', 'Nimble', 'Proud', 'Wise', 'Merry', 'Daring', 'Keen', 'Loyal',
  'Polite', 'Smart', 'Steady', 'Patient',
];
export const EN_NOUNS: readonly string[] = [
  'Elephant', 'Tiger', 'Lion', 'Bear', 'Fox', 'Rabbit', 'Cat', 'Puppy', 'Monkey', 'Horse', 'Deer', 'Turtle', 'Dolphin',
  'Sparrow', 'Eagle', 'Owl', 'Panda', 'Squirrel', 'Bee', 'Butterfly', 'Crane', 'Lotus', 'Bamboo', 'Cloud', 'Star', 'Moon',
  'Mountain', 'River', 'Wind', 'Otter',
];
