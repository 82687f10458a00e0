import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../src/ingest/html-to-text';
import { decodeEntities } from '../../src/ingest/html-entities';

describe('htmlToText', () => {
  const cases: [string, string, string][] = [
    ['block elements become paragraphs, <br> a line break', '<h2>Title</h2><p>One<br/>two</p><div>Three</div>', 'Title\n\nOne\ntwo\n\nThree'],
    ['inline markup is flattened and white space collapsed', '<p>The  <b>quick</b>\n<a href="/x">fox</a></p>', 'The quick fox'],
    ['scripts, styles, iframes and noscript are dropped with their content', '<p>a</p><script>var s = "<p>no</p>";</script><style>p{}</style><iframe src="x">no</iframe><noscript><img src=p></noscript><p>b</p>', 'a\n\nb'],
    ['tracking pixels and images give no text', '<p>Story<img src="https://t.example/pixel.gif" width="1" height="1" alt="pixel"></p>', 'Story'],
    ['share widgets are dropped (Jetpack sharedaddy, AddToAny, FeedBurner feedflare)', '<p>Body</p><div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3><ul><li>Twitter</li></ul></div><div class="a2a_kit a2a_default_style">Share</div><div class="feedflare"><a href="x">Email</a></div>', 'Body'],
    ['related-posts, newsletter and ad blocks are dropped', '<p>Body</p><div id="jp-relatedposts"><p>Related</p></div><aside><p>Sign up</p></aside><div class="ad-slot">Buy</div>', 'Body'],
    ['hidden elements are dropped', '<p>Body</p><p style="display: none">secret</p><span hidden>h</span><span aria-hidden="true">icon</span>', 'Body'],
    ['entities: XML, numeric, HTML named, cp1252 numeric', '<p>Tom &amp; Jerry&#8217;s caf&eacute; &#x2014; &#146;quoted&#146; &hellip;</p>', 'Tom & Jerry’s café — ’quoted’ …'],
    ['bare ampersands and stray < survive', 'AT&T says 3 < 4 & 5 > 2', 'AT&T says 3 < 4 & 5 > 2'],
    ['<p> and <li> close implicitly', '<ul><li>one<li>two</ul><p>a<p>b', 'one\n\ntwo\n\na\n\nb'],
    ['comments and doctype are skipped', '<!DOCTYPE html><!-- x --><p>a</p>', 'a'],
    ['CDATA inside content is literal text', '<p><![CDATA[x & <y>]]></p>', 'x & <y>'],
    ['<pre> keeps its line breaks', '<pre>a\nb</pre>', 'a\nb'],
    ['a tag cut off at the end is dropped', '<p>a</p><a href="x', 'a'],
    ['an unclosed script drops the rest', '<p>a</p><script>never closed <p>b</p>', 'a'],
    ['table cells are separated', '<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>', 'a b\n\nc'],
    ['plain text passes through', 'Just text.', 'Just text.'],
  ];
  it.each(cases)('%s', (_name, html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it('handles deep nesting and many unmatched end tags without error', () => {
    const html = '<div>'.repeat(5000) + 'deep' + '</span>'.repeat(5000) + '</div>'.repeat(5000);
    expect(htmlToText(html)).toBe('deep');
  });
});

describe('decodeEntities', () => {
  it('leaves unknown names as written', () => {
    expect(decodeEntities('&foo; &amp;')).toBe('&foo; &');
  });
  it('replaces invalid code points with U+FFFD', () => {
    expect(decodeEntities('&#0;&#xD800;&#1114112;')).toBe('\uFFFD\uFFFD\uFFFD');
  });
});
