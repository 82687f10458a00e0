/**
 * Render stage (pure): escaping for every output. Outlet text is data, never markup: it is escaped for
 * the context it lands in, and only http(s) URLs ever become links.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  // Also drop C0 controls other than tab/newline: they are invalid in HTML and XML alike.
  return stripControls(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Remove characters XML 1.0 and HTML forbid (C0 controls except TAB, LF, CR; lone surrogates; U+FFFE/U+FFFF). */
export function stripControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

/** The URL if it is absolute http(s), else null — so `javascript:` or `data:` never reaches an href. */
export function safeHref(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * For plain-text fields that some readers render as HTML (RSS 2.0 <title>, whose profile leaves the
 * question open): tag-like sequences become look-alike angle quotes, so no reader can see markup in them.
 */
export function defangTags(text: string): string {
  return stripControls(text).replace(/<(\/?[A-Za-z!?][^<>]*)>/g, '\u2039$1\u203a');
}
