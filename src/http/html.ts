// The HTML tag every server-rendered page is written with: each value printed is escaped here, in one place.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** What may be printed into a page as text. */
export type HtmlText = string | number | bigint | boolean | null | undefined;
/** What the html tag prints: text (escaped), HTML already made safe, or a list of these. */
export type HtmlValue = HtmlText | SafeHtml | (HtmlText | SafeHtml)[];

export function escapeHtml(value: HtmlText): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** A tagged template that escapes every interpolated value unless it is already `SafeHtml`. */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const text = Array.isArray(value)
      ? value.map((v) => (v instanceof SafeHtml ? v.html : escapeHtml(v))).join('')
      : value instanceof SafeHtml
        ? value.html
        : value === undefined || value === null || value === false
          ? ''
          : escapeHtml(value);
    out += text + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Paragraphs from plain text, blank lines separating them, single line breaks kept. */
export function paragraphs(text: string): SafeHtml {
  return new SafeHtml(
    text
      .split(/\n\s*\n/)
      .map((block) => `<p>${escapeHtml(block.trim()).replace(/\n/g, '<br>')}</p>`)
      .join(''),
  );
}
