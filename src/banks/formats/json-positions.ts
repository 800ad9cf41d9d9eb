/**
 * A small JSON scanner that reports where things are, which `JSON.parse` does not:
 * the line of the first syntax error, and the line where each value near the root
 * starts (so an invalid question is reported on the line its object opens).
 * Iterative, so deeply nested input cannot overflow the stack.
 */

export type JsonPath = ReadonlyArray<string | number>;

export type JsonScan =
  | { ok: true; lineOf: (path: JsonPath) => number | undefined }
  | { ok: false; line: number; message: string };

interface Frame {
  kind: 'object' | 'array';
  /** Null below the recorded depth: nothing there needs a line. */
  path: Array<string | number> | null;
  index: number;
  key: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

const pathKey = (path: JsonPath) => JSON.stringify(path);

/** Scan `text` as JSON, remembering the start line of every value at most `depth` levels below the root. */
export function scanJson(text: string, depth = 2): JsonScan {
  const lines = new Map<string, number>();
  const stack: Frame[] = [];
  let pos = 0;
  let line = 1;
  let state: 'value' | 'firstValueOrEnd' | 'firstKeyOrEnd' | 'key' | 'afterValue' = 'value';
  const error = (message: string): JsonScan => ({ ok: false, line, message });
  const describe = (at: number) => (at >= text.length ? 'end of input' : `"${text[at]}"`);

  /** Index after the string starting at `pos`, or an error message. */
  const readString = (): number | string => {
    for (let i = pos + 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) return i + 1;
      if (c < 0x20) return 'control character or line break inside a string';
      if (c === 0x5c) {
        const e = text[i + 1] ?? '';
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return 'bad \\u escape in a string';
          i += 5;
        } else if (ESCAPES.has(e)) i++;
        else return `bad escape "\\${e}" in a string`;
      }
    }
    return 'unterminated string';
  };

  for (;;) {
    while (pos < text.length) {
      const c = text[pos];
      if (c === '\n' || (c === '\r' && text[pos + 1] !== '\n')) line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') break;
      pos++;
    }
    const top = stack[stack.length - 1];
    if (pos >= text.length) {
      if (state === 'afterValue' && !top) return { ok: true, lineOf: (path) => lines.get(pathKey(path)) };
      return error(top ? `unexpected end of input: "${top.kind === 'object' ? '}' : ']'}" missing` : 'empty input');
    }
    const c = text[pos]!;
    if (state === 'afterValue') {
      if (!top) return error(`unexpected ${describe(pos)} after the end of the JSON value`);
      const end = top.kind === 'object' ? '}' : ']';
      if (c === ',') {
        state = top.kind === 'object' ? 'key' : 'value';
        top.index++;
      } else if (c === end) stack.pop();
      else return error(`expected "," or "${end}", found ${describe(pos)}`);
      pos++;
      continue;
    }
    if (state === 'firstKeyOrEnd' || state === 'key') {
      if (state === 'firstKeyOrEnd' && c === '}') {
        stack.pop();
        state = 'afterValue';
        pos++;
        continue;
      }
      if (c !== '"') return error(`expected a property name in double quotes, found ${describe(pos)}`);
      const end = readString();
      if (typeof end === 'string') return error(end);
      if (top!.path) top!.key = JSON.parse(text.slice(pos, end)) as string;
      pos = end;
      while (pos < text.length && /[ \t\r\n]/.test(text[pos]!)) {
        if (text[pos] === '\n' || (text[pos] === '\r' && text[pos + 1] !== '\n')) line++;
        pos++;
      }
      if (text[pos] !== ':') return error(`expected ":" after a property name, found ${describe(pos)}`);
      pos++;
      state = 'value';
      continue;
    }
    // state is 'value' or 'firstValueOrEnd'
    if (state === 'firstValueOrEnd' && c === ']') {
      stack.pop();
      state = 'afterValue';
      pos++;
      continue;
    }
    const path = !top ? [] : top.path ? [...top.path, top.kind === 'object' ? top.key : top.index] : null;
    if (path) lines.set(pathKey(path), line);
    if (c === '{' || c === '[') {
      stack.push({ kind: c === '{' ? 'object' : 'array', path: path && path.length < depth ? path : null, index: 0, key: '' });
      state = c === '{' ? 'firstKeyOrEnd' : 'firstValueOrEnd';
      pos++;
      continue;
    }
    if (c === '"') {
      const end = readString();
      if (typeof end === 'string') return error(end);
      pos = end;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = pos;
      const m = NUMBER.exec(text);
      if (!m) return error(`bad number at ${describe(pos)}`);
      pos += m[0].length;
    } else {
      const literal = ['true', 'false', 'null'].find((l) => text.startsWith(l, pos));
      if (!literal) return error(`unexpected ${describe(pos)}`);
      pos += literal.length;
    }
    state = 'afterValue';
  }
}
