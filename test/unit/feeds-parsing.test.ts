/** The pieces under the feed parsers: dates, the bounded XML reader, body decoding, the dispatcher, page extraction. */
import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../src/ingest/feeds/dates';
import { decodeBody } from '../../src/ingest/feeds/decode';
import { detectAndParseFeed } from '../../src/ingest/feeds/detect';
import { IngestError } from '../../src/ingest/feeds/errors';
import { NS, childNamed, parseXml, textOf } from '../../src/ingest/feeds/xml';
import { extractMainText } from '../../src/ingest/extract-article';
import { htmlToText } from '../../src/ingest/html-to-text';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof IngestError) return e.code;
    throw e;
  }
};

describe('parseFeedDate', () => {
  const cases: [string, string | undefined][] = [
    ['Tue, 10 Jun 2003 04:00:00 GMT', '2003-06-10T04:00:00Z'],
    ['Tue, 10 Jun 2003 04:00:00 UT', '2003-06-10T04:00:00Z'],
    ['Tue, 10 Jun 2003 04:00:00 Z', '2003-06-10T04:00:00Z'],
    ['Tue, 10 Jun 2003 04:00:00 +00:00', '2003-06-10T04:00:00Z'],
    ['Tue, 10 Jun 2003 04:00:00 -0430', '2003-06-10T08:30:00Z'],
    ['Tue, 10 Jun 2003 04:00:00 EDT', '2003-06-10T08:00:00Z'],
    ['Tue, 10 Jun 2003 04:00:00 A', '2003-06-10T04:00:00Z'],
    ['Tue, 10 Jun 2003 04:00 pm EST', '2003-06-10T21:00:00Z'],
    ['Tue, 10-Jun-2003 04:00:00 GMT', '2003-06-10T04:00:00Z'],
    ['tue, 10 JUN 2003 04:00:00 gmt', '2003-06-10T04:00:00Z'],
    ['10 Jun 99 04:00:00 GMT', '1999-06-10T04:00:00Z'],
    ['June 10, 2003 4:00 PM PDT', '2003-06-10T23:00:00Z'],
    ['2003-06-10T04:00:00.123456Z', '2003-06-10T04:00:00Z'],
    ['2003-06-10T04:00:00+0530', '2003-06-09T22:30:00Z'],
    ['2003-06-10T04:00:00 +05:30', '2003-06-09T22:30:00Z'],
    ['20030610T040000Z', '2003-06-10T04:00:00Z'],
    ['2003-06-10', '2003-06-10T00:00:00Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00Z'],
    ['2023-02-29T12:00:00Z', undefined],
    ['2003-13-10T04:00:00Z', undefined],
    ['Tue, 10 Jun 2003 04:61:00 GMT', undefined],
    ['Tue, 10 Foo 2003 04:00:00 GMT', undefined],
    ['Tue, 10 Jun 2003 04:00:00 XYZ', undefined],
    ['0000-00-00 00:00:00', undefined],
    ['', undefined],
    ['x'.repeat(1000), undefined],
  ];
  it.each(cases)('%s → %s', (input, out) => {
    expect(parseFeedDate(input)).toBe(out);
  });
});

describe('parseXml', () => {
  it('resolves namespaces, falls back to customary prefixes, and never to Object.prototype', () => {
    const root = parseXml('<r xmlns="urn:d" xmlns:a="urn:a"><a:x/><dc:creator>J</dc:creator><constructor:y/><z/></r>', 'https://x.example/');
    const kids = root.children.filter((c) => typeof c !== 'string') as { ns: string }[];
    expect(kids.map((k) => k.ns)).toEqual(['urn:a', NS.dc, '', 'urn:d']);
  });

  it('resolves xml:base down the tree and keeps xml:lang', () => {
    const root = parseXml('<r xml:base="https://a.example/b/" xml:lang="fr"><c xml:base="../d/"><e/></c></r>', 'https://feed.example/');
    const e = childNamed(childNamed(root, 'c')!, 'e')!;
    expect([e.base, e.lang]).toEqual(['https://a.example/d/', 'fr']);
  });

  it('decodes entities in text and attributes, keeps CDATA literal, leaves unknown references alone', () => {
    const root = parseXml('<r a="x &amp; y &#233;">&lt;b&gt; &eacute; &bogus; <![CDATA[&amp; <i>]]></r>', 'https://x.example/');
    expect(root.attrs.a).toBe('x & y é');
    expect(textOf(root)).toBe('<b> é &bogus; &amp; <i>');
  });

  it('is bounded: element count, depth, attribute count', () => {
    expect(codeOf(() => parseXml(`<r>${'<i/>'.repeat(101)}</r>`, 'https://x.example/', { maxDepth: 64, maxElements: 100 }))).toBe('too_complex');
    expect(codeOf(() => parseXml(`${'<a>'.repeat(65)}`, 'https://x.example/'))).toBe('too_complex');
    const attrs = Array.from({ length: 300 }, (_, i) => `a${i}="1"`).join(' ');
    expect(codeOf(() => parseXml(`<r ${attrs}/>`, 'https://x.example/'))).toBe('too_complex');
  });

  it('refuses unterminated constructs as malformed', () => {
    for (const bad of ['<r><!-- never', '<r><![CDATA[ never', '<r a="never>', '<?xml never', '<!DOCTYPE r never']) {
      expect(codeOf(() => parseXml(bad, 'https://x.example/')), bad).toBe('malformed');
    }
  });

  it('accepts a DOCTYPE without entity declarations (RSS 0.91 Netscape DTD) without fetching anything', () => {
    const root = parseXml('<!DOCTYPE rss SYSTEM "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss/>', 'https://x.example/');
    expect(root.name).toBe('rss');
  });
});

describe('decodeBody', () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  it('follows the BOM first, then the header, then the prolog', () => {
    expect(decodeBody(bytes(0xfe, 0xff, 0x00, 0x41), null)).toBe('A');
    expect(decodeBody(bytes(0xe9), 'text/xml; charset="windows-1252"')).toBe('é');
    expect(decodeBody(new TextEncoder().encode('<?xml version="1.0" encoding="iso-8859-1"?>').subarray(0), null)).toContain('encoding');
  });
  it('reads a UTF-8 body as UTF-8 when the header says Latin-1 and the prolog says UTF-8', () => {
    const body = new TextEncoder().encode('<?xml version="1.0" encoding="utf-8"?><r>é</r>');
    expect(decodeBody(body, 'text/xml; charset=iso-8859-1')).toBe('<?xml version="1.0" encoding="utf-8"?><r>é</r>');
  });
  it('reads Latin-1 bytes as Latin-1 when the prolog wrongly says UTF-8 but the header says Latin-1', () => {
    const body = new Uint8Array([...new TextEncoder().encode('<?xml version="1.0" encoding="utf-8"?><r>'), 0xe9, ...new TextEncoder().encode('</r>')]);
    expect(decodeBody(body, 'text/xml; charset=iso-8859-1')).toContain('<r>é</r>');
  });
  it('passes strings through, minus a BOM', () => {
    expect(decodeBody('\uFEFF<rss/>', null)).toBe('<rss/>');
  });
});

describe('detectAndParseFeed', () => {
  it('detects from content, not URL or Content-Type', () => {
    const atom = '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title><link href="/a"/></entry></feed>';
    const f = detectAndParseFeed(atom, 'text/html', 'https://x.example/feed.rss');
    expect(f.format).toBe('atom');
  });
  it('names what the body is when it is not a feed', () => {
    expect(codeOf(() => detectAndParseFeed('   ', null, 'https://x.example/'))).toBe('not_a_feed');
    expect(codeOf(() => detectAndParseFeed('[1, 2]', null, 'https://x.example/'))).toBe('not_a_feed');
    expect(codeOf(() => detectAndParseFeed('{"version": ', null, 'https://x.example/'))).toBe('malformed');
    expect(codeOf(() => detectAndParseFeed('<html><body>hi</body></html>', null, 'https://x.example/'))).toBe('not_a_feed');
  });
});

describe('extractMainText', () => {
  it('prefers itemprop=articleBody, then the longest article-like block', () => {
    const prose = (s: string) => `<p>${s} ${'and more words here '.repeat(4)}end.</p>`;
    const html = `<body><div class="sidebar">${prose('Sidebar')}</div><article><div itemprop="articleBody"><div>${prose('Inner')}</div>${prose('Body')}</div><div class="comments">${prose('Comment').repeat(5)}</div></article></body>`;
    const text = extractMainText(html);
    expect(text.startsWith('Inner')).toBe(true);
    expect(text).toContain('Body');
    expect(text).not.toContain('Sidebar');
    expect(text).not.toContain('Comment');
  });
  it('falls back to prose-like paragraphs on a page without article markup', () => {
    const html = '<body><ul><li>Home</li><li>News</li></ul><p>The mayor opened the new library on Tuesday, the first in the district for forty years.</p><p>Menu</p></body>';
    expect(extractMainText(html)).toBe('The mayor opened the new library on Tuesday, the first in the district for forty years.');
  });
  it('returns empty text for a page with nothing that reads like an article', () => {
    expect(extractMainText('<body><a href="/">Home</a></body>')).toBe('');
  });
});

describe('pathological markup stays linear and bounded', () => {
  const big = 2_000_000;
  it.each([
    ['unclosed tags', '<a '.repeat(big / 3)],
    ['unclosed comments', '<!--'.repeat(big / 4)],
    ['stray end tags', '</x>'.repeat(big / 4)],
    ['nested divs', '<div>'.repeat(big / 5)],
    ['entity soup', '&#x1F600;&amp;&bogus;'.repeat(big / 20)],
    ['unclosed script', `<script>${'<p>'.repeat(big / 3)}`],
  ])('htmlToText: %s', (_name, html) => {
    expect(typeof htmlToText(html)).toBe('string');
  });

  it.each([
    ['unclosed start tags', 'malformed', `<rss>${'<a '.repeat(big / 3)}`],
    ['many siblings', 'too_complex', `<rss>${'<i/>'.repeat(250_001)}</rss>`],
    ['deep nesting', 'too_complex', '<a>'.repeat(big / 3)],
  ])('parseXml: %s → %s', (_name, code, xml) => {
    expect(codeOf(() => parseXml(xml, 'https://x.example/'))).toBe(code);
  });
});
