import { nfc } from '../shared/text.ts';

/**
 * A pasted class list for roster slips: one student per line, `name; unit code`
 * (a tab or comma works too, as copied from a spreadsheet). Blank lines are
 * skipped; names are NFC and trimmed to the API's 120 characters.
 */
export function parseRosterLines(text: string): Array<{ label: string; district?: string }> {
  const out: Array<{ label: string; district?: string }> = [];
  for (const raw of nfc(text).split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const [name = '', code = ''] = line.split(/\s*[;\t,]\s*/);
    const label = name.trim().slice(0, 120);
    if (!label) continue;
    const district = code.trim().toLowerCase();
    out.push(/^[a-z0-9-]{1,64}$/.test(district) ? { label, district } : { label });
  }
  return out;
}
