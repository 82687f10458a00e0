// Core text primitives (pure): sentence splitting on news prose.
import { describe, it, expect } from 'vitest';
import { normalizeWhitespace, splitSentences, tokenize } from '../../src/core/text';

describe('splitSentences', () => {
  it.each([
    ['plain', 'The dam failed. Rescuers arrived.', ['The dam failed.', 'Rescuers arrived.']],
    ['abbreviation', 'Mr. Smith spoke. He left.', ['Mr. Smith spoke.', 'He left.']],
    ['initial', 'J. R. Smith spoke. He left.', ['J. R. Smith spoke.', 'He left.']],
    ['decade before a period', 'It began in the 1960s. It exploded later.', ['It began in the 1960s.', 'It exploded later.']],
    ['closing quote', '“We will return,” he said. “Soon.” Then he left.', ['“We will return,” he said.', '“Soon.”', 'Then he left.']],
    ['number after period', 'Turnout fell. 40 percent voted.', ['Turnout fell.', '40 percent voted.']],
  ])('%s', (_, text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });
});

describe('tokenize', () => {
  it('keeps numbers with separators and drops possessives', () => {
    expect(tokenize("Syria's 115,000 displaced, U.S.-backed")).toEqual(['syria', '115,000', 'displaced', 'u.s', 'backed']);
  });
});

describe('normalizeWhitespace', () => {
  it.each([
    ['tidy text is returned as it is', 'Rebels took the city.', 'Rebels took the city.'],
    ['non-ASCII letters alone change nothing', 'Café owners fled Orán.', 'Café owners fled Orán.'],
    ['two spaces', 'Rebels  took it', 'Rebels took it'],
    ['tab and newline', 'Rebels\ttook\nit', 'Rebels took it'],
    ['no-break and thin spaces', 'Rebels\u00a0took\u2009it', 'Rebels took it'],
    ['zero-width space', 'Rebels\u200btook it', 'Rebels took it'],
    ['ideographic space and line separator', 'Rebels\u3000took\u2028it', 'Rebels took it'],
    ['leading and trailing space', ' Rebels took it ', 'Rebels took it'],
    ['only white space', ' \t\u00a0', ''],
    ['empty', '', ''],
  ])('%s', (_, text, expected) => {
    expect(normalizeWhitespace(text)).toBe(expected);
    // The same as collapsing every run of white space and trimming, the definition.
    expect(normalizeWhitespace(text)).toBe(text.replace(/[\s\u200b]+/g, ' ').trim());
  });
});
