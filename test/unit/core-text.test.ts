// Core text primitives (pure): sentence splitting on news prose.
import { describe, it, expect } from 'vitest';
import { splitSentences, tokenize } from '../../src/core/text';

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
