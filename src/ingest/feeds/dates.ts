/**
 * Ingest stage (pure): reads the dates feeds really write and returns RFC 3339 UTC (`2024-05-01T12:00:00Z`), or
 * undefined when there is no date or it cannot be read (the article's `published` is then left unset and ingest
 * uses the time received). Handled: RFC 822 / RFC 1123 as RSS 2.0 specifies, with its real-world variations — with or
 * without weekday, seconds or zone; 2- or 4-digit years; full month names; zones as `GMT`/`UT`/`Z`, US and common
 * abbreviations (`EST`, `PDT`, `CEST`…), `+0000`, `+00:00`, `GMT+2` — and ISO 8601 / RFC 3339 (Atom, JSON Feed,
 * `dc:date`) with or without zone, seconds or fraction, or as a bare date. No `Date.parse` guessing: its behaviour
 * on non-standard strings differs between engines.
 */

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

// Zone abbreviations in minutes east of UTC. RFC 822 §5.1 names UT, GMT, Z and the US zones; the rest occur in feeds.
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600, ast: -240, adt: -180, nst: -210, ndt: -150,
  bst: 60, ist: 330, cet: 60, cest: 120, met: 60, mest: 120, west: 60, eet: 120, eest: 180, msk: 180,
  sgt: 480, hkt: 480, awst: 480, jst: 540, kst: 540, acst: 570, acdt: 630, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
};

/** Minutes east of UTC for a zone token, or null when it is not one. A missing zone reads as UTC. */
function zoneOffset(token: string | undefined): number | null {
  if (!token) return 0;
  const t = token.trim().toLowerCase();
  if (t === '') return 0;
  const num = /^(?:(?:gmt|utc|ut))?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(t);
  if (num) {
    const mins = Number(num[2]) * 60 + Number(num[3] ?? 0);
    if (Number(num[2]) > 14 || Number(num[3] ?? 0) > 59) return null;
    return num[1] === '-' ? -mins : mins;
  }
  if (t in ZONES) return ZONES[t];
  // RFC 822 military zones (single letters other than J); RFC 1123 §5.2.14 says to treat them as +0000.
  if (/^[a-ik-y]$/.test(t)) return 0;
  return null;
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, offsetMin: number): string | undefined {
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return undefined;
  if (h === 24 && (mi > 0 || s > 0)) return undefined;
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1) return undefined; // 31 April, 30 February…
  const ms = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59)) - offsetMin * 60_000;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{1,5})?)?$/;
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
// [Weekday,] D Month YYYY [HH:MM[:SS]] [zone] — weekday and month names in any case, abbreviated or in full.
const RFC822 =
  /^(?:[A-Za-z]{2,9}\.?,?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{2}|\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(?:([APap])\.?[Mm]\.?)?)?\s*(\(?[A-Za-z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?\)?|[+-]\d{2}:?\d{2})?$/;
// Month D, YYYY [HH:MM[:SS]] [zone] — the US order some CMSes emit in pubDate.
const US_ORDER =
  /^(?:[A-Za-z]{2,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([APap])\.?[Mm]\.?)?)?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?$/;

function hour12(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  const pm = ampm.toLowerCase() === 'p';
  return (h % 12) + (pm ? 12 : 0);
}

function monthOf(name: string): number | undefined {
  return MONTHS[name.slice(0, 3).toLowerCase()];
}

/** Read a feed date into RFC 3339 UTC; undefined when absent or unreadable. */
export function parseFeedDate(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  const s = value.trim().replace(/\s+/g, ' ');
  if (!s || s.length > 80) return undefined;
  let m = ISO.exec(s) ?? ISO_BASIC.exec(s);
  if (m) {
    const off = zoneOffset(m[7]);
    if (off === null) return undefined;
    return build(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), off);
  }
  m = RFC822.exec(s);
  if (m) {
    const mo = monthOf(m[2]);
    const off = zoneOffset(m[8]?.replace(/[()]/g, ''));
    if (!mo || off === null) return undefined;
    // RFC 1123 §5.2.14: two-digit years; read 70–99 as 19xx and 00–69 as 20xx.
    const y = m[3].length === 2 ? (+m[3] >= 70 ? 1900 : 2000) + +m[3] : +m[3];
    return build(y, mo, +m[1], hour12(+(m[4] ?? 0), m[7]), +(m[5] ?? 0), +(m[6] ?? 0), off);
  }
  m = US_ORDER.exec(s);
  if (m) {
    const mo = monthOf(m[1]);
    const off = zoneOffset(m[8]);
    if (!mo || off === null) return undefined;
    return build(+m[3], mo, +m[2], hour12(+(m[4] ?? 0), m[7]), +(m[5] ?? 0), +(m[6] ?? 0), off);
  }
  return undefined;
}
