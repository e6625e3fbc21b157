import { describe, expect, it } from 'vitest';
import { closestWord, editDistance, queryWords, slugify } from './catalog.service.js';

describe('search word handling', () => {
  it('splits text into lowercase words of letters and digits only', () => {
    expect(queryWords(`Linen  "SHIRT" & <-> ' ; --  100ml`)).toEqual(['linen', 'shirt', '100ml']);
    expect(queryWords(`\\'"%_`)).toEqual([]);
    // Sinhala keeps its vowel signs (combining marks) inside the word; the zero-width joiner goes.
    expect(queryWords('ශ්‍රී ලංකා テスト')).toEqual(['ශ්', 'රී', 'ලංකා', 'テスト']);
    expect(queryWords('a b c d e f g h i j k')).toHaveLength(8);
  });

  it('counts a swap of neighbouring letters as one edit', () => {
    expect(editDistance('shrit', 'shirt')).toBe(1);
    expect(editDistance('lnen', 'linen')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('corrects to the nearest word only when it is near enough', () => {
    expect(closestWord('shrit', ['shirt', 'shorts', 'skirt'])).toBe('shirt');
    expect(closestWord('tea', ['sea', 'tee'])).toBe('sea');
    expect(closestWord('xyzzy', ['shirt', 'dress'])).toBeUndefined();
  });
});

describe('slugify', () => {
  it('makes URL-safe slugs from any title', () => {
    expect(slugify('Café Crème — Large!')).toBe('cafe-creme-large');
    expect(slugify('   ')).toBe('item');
    expect(slugify('a'.repeat(300))).toHaveLength(100);
  });
});
