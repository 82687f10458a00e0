/**
 * The cluster stage's reading and storage primitives: the character-scanning reader (names, numbers, the lead's
 * principal names, Title Case headlines, ASCII and Unicode lines alike; scripts without capitals or spaces) and the
 * compact codecs of the stored index.
 */
import { describe, expect, it } from 'vitest';
import { centroidHeads, decodeCentroid, decodeCounts, encodeCentroid, encodeCounts, fromBase64, toBase64 } from '../../src/cluster/codec';
import { ArticleReader, cleanBody, isTitleCase, resemblance, TermKind, textFloor, Vocabulary } from '../../src/cluster/features';
import { DEFAULT_PARAMS } from '../../src/cluster/scoring';
import type { Article } from '../../src/model';

function article(title: string, text: string): Article {
  return {
    id: 'a', url: 'https://example.org/a', source: 'Example', title, text,
    published: '2026-01-02T10:00:00.000Z', received: '2026-01-02T10:00:00.000Z', content_hash: 'x',
  };
}

function read(title: string, text: string) {
  const vocab = new Vocabulary();
  const terms = new ArticleReader(vocab, DEFAULT_PARAMS).read(article(title, text));
  const kindOf = (term: string) => terms.kind[Array.from(terms.ids).indexOf(vocab.ids.get(term)!)];
  const principal = Array.from(terms.principal, (id) => vocab.terms[id]);
  return { vocab, terms, kindOf, principal, display: (term: string) => terms.display.get(vocab.ids.get(term)!) };
}

describe('reading an article', () => {
  it('marks names (capitalised mid-sentence), numbers, and plain words; weekdays and months are not names', () => {
    const { kindOf } = read('Report', 'On Monday the rebels said 1,200 fighters of Hayat Tahrir al-Sham entered Hama.');
    expect(kindOf('hama')).toBe(TermKind.Name);
    expect(kindOf('tahrir')).toBe(TermKind.Name);
    expect(kindOf('1200')).toBe(TermKind.Number);
    expect(kindOf('rebel')).toBe(TermKind.Word);
    expect(kindOf('monday')).toBe(TermKind.Word);
  });

  it('shows a name as the article writes it, the whole run of capitalised words', () => {
    const { display } = read('Report', 'The actress checked in, said her lawyer Mark Jay Heller on Thursday.');
    expect(display('heller')).toBe('Mark Jay Heller');
    expect(display('jay')).toBe('Mark Jay Heller');
  });

  it('reads a line with typographic quotes and accents like its plain ASCII spelling', () => {
    const plain = read('Report', "The mayor said Zoë O'Neill's team met in São Paulo.");
    const curly = read('Report', 'The mayor said Zoë O’Neill’s team met in São Paulo.');
    expect(Array.from(curly.terms.ids, (id) => curly.vocab.terms[id]).sort()).toEqual(
      Array.from(plain.terms.ids, (id) => plain.vocab.terms[id]).sort(),
    );
    expect(curly.kindOf('paulo')).toBe(TermKind.Name);
  });

  it('takes the principal names from the headline and the lead, not from background paragraphs', () => {
    const background = Array.from({ length: 8 }, () => 'Earlier this year the club fined Vincent Jackson.').join('\n');
    const { principal } = read(
      "Chargers' Jamal Williams arrested on DUI suspicion",
      'Police said Jamal Williams was arrested early Sunday in San Diego after officers stopped his car for speeding ' +
        'on a freeway outside downtown. The team said it was aware of the arrest and was gathering information, and ' +
        `that it would not comment further until the legal process had run its course.\n${background}`,
    );
    expect(principal).toContain('william');
    expect(principal).not.toContain('jackson');
  });

  it('does not take every word of a Title Case headline for a name', () => {
    expect(isTitleCase('Chargers Lineman Jamal Williams Arrested For DUI')).toBe(true);
    expect(isTitleCase("Chargers' Jamal Williams arrested on DUI suspicion")).toBe(false);
    const { kindOf } = read('Chargers Lineman Jamal Williams Arrested For DUI', 'Police said Jamal Williams was arrested.');
    expect(kindOf('arrest')).toBe(TermKind.Word);
    expect(kindOf('william')).toBe(TermKind.Name);
  });

  it('reads an ASCII headline by hand exactly as the Unicode word pattern reads any headline', () => {
    const pattern = (title: string) => {
      let words = 0;
      let capitals = 0;
      for (const m of title.matchAll(/\p{L}[\p{L}'’-]{3,}/gu)) {
        words++;
        if (/^\p{Lu}/u.test(m[0])) capitals++;
      }
      return words >= 3 && capitals >= words * 0.75;
    };
    // Deterministic random strings over letters of both cases, joiners, punctuation, digits and non-ASCII letters.
    const alphabet = "aAbBzZ '-.,1é’Q";
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
    const titles = ["Rock 'N' Roll Hall Of Fame Inducts", 'Self-Driving Car Maker Recalls', 'ÉTAT Grants Émile Award Today'];
    for (let k = 0; k < 20_000; k++) {
      let title = '';
      for (let i = Math.floor(next() * 40); i > 0; i--) title += alphabet[Math.floor(next() * alphabet.length)];
      titles.push(title);
    }
    const differ = titles.filter((t) => isTitleCase(t) !== pattern(t));
    expect(differ).toEqual([]);
    expect(titles.filter(pattern).length).toBeGreaterThan(10);
  });
});

describe('the body a report is read from (cleanBody): repeats, headline, outlet and furniture dropped', () => {
  const long = 'The regional governor said on Tuesday that the evacuation of the three river towns would continue through the night, as the water kept rising.';
  const cases: { name: string; text: string; kept: string[] }[] = [
    { name: 'a line repeated in other capitals', text: 'Rescuers reached the village.\nRESCUERS REACHED THE VILLAGE.', kept: ['Rescuers reached the village.'] },
    { name: 'a line in capitals, then repeated in lower case', text: 'RESCUERS REACHED THE VILLAGE.\nrescuers reached the village.', kept: ['RESCUERS REACHED THE VILLAGE.'] },
    { name: 'a repeat with accents, in other capitals', text: 'Évacuation à Orán.\nÉVACUATION À ORÁN.', kept: ['Évacuation à Orán.'] },
    { name: 'an accented line is not the same as its ASCII twin', text: 'Evacuation a Oran.\nÉvacuation à Orán.', kept: ['Evacuation a Oran.', 'Évacuation à Orán.'] },
    { name: 'the headline and the outlet repeated in the body', text: 'Dam Fails Upstream\nexample news\nWater rose overnight.', kept: ['Water rose overnight.'] },
    { name: 'lines of the same length that differ', text: 'Water rose at six.\nWater fell at ten.', kept: ['Water rose at six.', 'Water fell at ten.'] },
    { name: 'a long line repeated as written', text: `${long}\n${long}`, kept: [long] },
    { name: 'a long line repeated in other capitals is kept (compared as written)', text: `${long}\n${long.toUpperCase()}`, kept: [long, long.toUpperCase()] },
    { name: 'white space at either end of a line (CRLF text too)', text: '  Water rose overnight.\t\r\nWater fell at dawn. \r\n\tRoads reopened.', kept: ['Water rose overnight.', 'Water fell at dawn.', 'Roads reopened.'] },
    { name: 'a repeat that differs only in white space at its ends', text: 'Water rose overnight.\n Water rose overnight. ', kept: ['Water rose overnight.'] },
    { name: 'web furniture', text: 'Water rose overnight.\nLEAVE A REPLY\nRead more', kept: ['Water rose overnight.'] },
  ];
  it.each(cases)('$name', ({ text, kept }) => {
    expect(cleanBody({ title: 'Dam fails upstream', source: 'Example News', text })).toEqual(kept);
  });
});

describe('the years an undated text names bound its date from below (textFloor)', () => {
  const year = (text: string) => {
    const day = textFloor(text);
    return day === null ? null : new Date(day * 86_400_000).toISOString().slice(0, 10);
  };
  const cases: { name: string; text: string; floor: string | null }[] = [
    { name: 'no year', text: 'The coach was fired on Saturday after a 9-14 start.', floor: null },
    { name: 'the latest year named, less one', text: 'He was hired in 2003 and won the title in 2005.', floor: '2004-01-01' },
    { name: 'a season names its second year', text: 'The 2008-09 season was supposed to be a good one.', floor: '2008-01-01' },
    { name: 'a season written in full', text: 'Through the 1999/2000 campaign he led the league.', floor: '1999-01-01' },
    { name: 'an ISO date is its own year, not a season', text: 'Posted 2008-10-05 by the desk.', floor: '2007-01-01' },
    { name: "a contract's end or a plan is not read", text: 'Signed in 2005, his deal runs through 2010; by 2030 the arena closes.', floor: '2004-01-01' },
    { name: 'a copyright line is the page\'s year, not the report\'s', text: 'Fire in 2019.\n© 2026 Example Media. Copyright 2025', floor: '2018-01-01' },
    { name: 'money, shares and decimals are not years', text: 'He paid $2010 for 2010% of 1.2010 units and 3,2015 more.', floor: null },
    { name: 'a year in the headline counts', text: 'Quake anniversary 2011\nThe town rebuilt.', floor: '2010-01-01' },
  ];
  it.each(cases)('$name', ({ text, floor }) => expect(year(text)).toBe(floor));

  it('reads no year after the one the article was received in (a later year is a plan: the 2030 goals)', () => {
    expect(textFloor('Elected in 2022, she set the 2030 goals and the 2028 games.', 2026)).toBe(Date.UTC(2021, 0, 1) / 86_400_000);
    expect(textFloor('The 2025-26 season', 2025)).toBe(Date.UTC(2024, 0, 1) / 86_400_000);
  });

  it('is read only for undated articles (a known date says more)', () => {
    const dated = read('Report', 'Named in 2019 and in 2021.').terms;
    expect(dated.day).not.toBeNull();
    expect(dated.floor).toBeNull();
    const vocab = new Vocabulary();
    const undated = new ArticleReader(vocab, DEFAULT_PARAMS).read({ ...article('Report', 'Named in 2019, 2021 and 2027.'), published_inferred: true });
    expect(undated.day).toBeNull();
    // Received in 2026: 2027 is a plan, 2021 the latest year it can report.
    expect(undated.floor).toBe(Date.UTC(2020, 0, 1) / 86_400_000);
  });
});

describe('reading scripts without capitals or without spaces', () => {
  /** The article's terms as text, in the order first read (title first, then body). */
  const termsOf = (title: string, text: string) => {
    const { vocab, terms } = read(title, text);
    return Array.from(terms.ids, (id) => vocab.terms[id]);
  };

  const cases: { name: string; title: string; text: string; has: string[]; lacks: string[] }[] = [
    {
      name: 'a Devanagari word keeps its vowel signs (one word, not letters cut apart)',
      title: 'भारत में भूकंप',
      text: 'उत्तराखंड में आज सुबह भूकंप के झटके महसूस किए गए।',
      has: ['भारत', 'भूकंप', 'उत्तराखंड', 'झटके'],
      lacks: ['रत', 'उत', 'तर'],
    },
    {
      name: 'Hindi postpositions and auxiliaries are not terms',
      title: 'इसरो ने यान लॉन्च किया',
      text: 'यान को पृथ्वी की कक्षा में स्थापित कर दिया गया है।',
      has: ['इसरो', 'यान', 'पृथ्वी', 'कक्षा'],
      lacks: ['ने', 'को', 'की', 'में', 'है', 'किया'],
    },
    {
      name: 'a run of Chinese is read as overlapping pairs of characters',
      title: '泸定县发生地震',
      text: '救援人员赶赴灾区。',
      has: ['泸定', '定县', '县发', '发生', '生地', '地震', '救援', '人员', '赶赴', '灾区'],
      lacks: ['泸定县发生地震', '救援人员赶赴灾区'],
    },
    {
      name: 'a pair holding a Chinese function character is not a term',
      title: '成都的高楼',
      text: '地震已造成人员伤亡。',
      has: ['成都', '高楼', '地震', '造成', '人员'],
      lacks: ['都的', '的高', '震已', '已造'],
    },
    {
      name: 'Japanese: kanji and katakana pairs are terms, pairs of two hiragana (grammar) are not',
      title: '石川県で震度7',
      text: 'マグニチュードは7.6と推定されています。',
      has: ['石川', '川県', '震度', 'マグ', 'ニチ', 'ード', '7.6', '推定'],
      lacks: ['され', 'てい', 'いま', 'ます'],
    },
    {
      name: 'Korean: pairs of syllables inside each spaced word, so a noun meets itself with its particle',
      title: '서울에서 지진',
      text: '서울시는 지진 피해를 조사했다.',
      has: ['서울', '울에', '에서', '지진', '서울', '울시', '피해'],
      lacks: ['서울에서', '서울시는', '서울에서 지진'],
    },
    {
      name: 'digits beside Chinese are numbers; a lone character gives no term',
      title: '6.8级地震',
      text: '震源深度16千米。',
      has: ['6.8', '地震', '16', '震源', '千米'],
      lacks: ['级', '6.8级地震'],
    },
    {
      name: 'Thai: a tone mark or vowel sign stays with its letter',
      title: 'แผ่นดินไหว',
      text: 'แผ่นดินไหวรุนแรง',
      has: ['แผ่', 'ผ่น', 'ดิน'],
      lacks: ['แผ', '่น', 'แผ่นดินไหว'],
    },
  ];

  it.each(cases)('$name', ({ title, text, has, lacks }) => {
    const terms = termsOf(title, text);
    for (const t of has) expect(terms, t).toContain(t);
    for (const t of lacks) expect(terms, t).not.toContain(t);
    // No term starts with a mark: each is whole characters.
    expect(terms.filter((t) => /^\p{M}/u.test(t))).toEqual([]);
  });

  it('keeps a near-verbatim copy in Chinese recognisable and two independent Chinese reports apart (copy sketch)', () => {
    const vocab = new Vocabulary();
    const reader = new ArticleReader(vocab, DEFAULT_PARAMS);
    const original = '据中国地震台网正式测定，9月5日12时52分，四川甘孜州泸定县发生6.8级地震，震源深度16千米。\n震中位于泸定县磨西镇附近，成都、雅安、乐山等地震感强烈。\n截至当日18时，地震已造成7人遇难，多条道路和通信线路中断。';
    const copy = original + '\n（来源：新华社）';
    const other = '9月5日中午发生在四川省甘孜藏族自治州泸定县的6.8级地震，截至当晚已造成21人死亡。\n地震发生时，距震中两百多公里的成都市区高楼明显摇晃，不少市民跑到户外避险。\n救援人员连夜打通通往磨西镇的道路。';
    const sig = (text: string) => reader.read(article('泸定地震', text)).signature;
    const a = sig(original);
    expect(resemblance(a, 0, sig(copy), 0)).toBeGreaterThan(0.6);
    expect(resemblance(a, 0, sig(other), 0)).toBeLessThan(DEFAULT_PARAMS.copyThreshold);
  });

  it('leaves English exactly as before: a line with one non-ASCII letter reads like its ASCII twin', () => {
    const plain = termsOf('Report', 'Rebels entered Hama on Thursday, the Syrian army said.');
    const accented = termsOf('Report', 'Rebels entered Hama on Thursday, the Syrian army said – café.');
    expect(accented.slice(0, plain.length)).toEqual(plain);
    expect(accented).toContain('café');
  });
});

describe('stored index codecs', () => {
  it('round-trips bytes through base64 (RFC 4648 alphabet, padded)', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 144, 1000]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);
      expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    }
    expect(toBase64(new TextEncoder().encode('Man'))).toBe('TWFu');
    expect(toBase64(new TextEncoder().encode('Ma'))).toBe('TWE=');
  });

  it('decodes a centroid to exactly the weights it stored (4 decimals), heaviest first', () => {
    const ids = [5, 300_000, 0, 128];
    const weights = [1.2345, 0.5, 0.0001, 0.3333];
    const text = encodeCentroid(ids, weights);
    const back = decodeCentroid(text);
    expect(Array.from(back.ids)).toEqual(ids);
    expect(Array.from(back.weights)).toEqual(weights);
    const heads = new Int32Array(2);
    expect(centroidHeads(text, 2, heads, 0)).toBe(2);
    expect(Array.from(heads)).toEqual([5, 300_000]);
  });

  it('round-trips counts by term id', () => {
    expect([...decodeCounts(encodeCounts([7, 70_000], [3, 1]))]).toEqual([[7, 3], [70_000, 1]]);
    expect(decodeCounts('').size).toBe(0);
    // Cut short: 7 → 3 whole, 70,000 (three bytes) → 1 lost with the last base64 group.
    expect([...decodeCounts(encodeCounts([7, 70_000], [3, 1]).slice(0, -4))]).toEqual([[7, 3]]);
    expect(centroidHeads(encodeCentroid([9, 1], [0.5, 0.25]), 5, new Int32Array(5), 0)).toBe(2);
  });
});
