import { describe, expect, it } from 'vitest';
import { parseAmountText, separatorsOf } from '../../../shared/domain/parseAmount';
import { parseMajor } from '../../../shared/domain/money';

const minor = (text: string, locale: string, currency: 'CNY' | 'JPY' | 'KWD' | 'EUR' = 'CNY') => {
  const r = parseAmountText(text, currency, locale);
  return r.ok ? r.minor : r.problem;
};

describe('amount text by locale (issue 11 item 10)', () => {
  it('knows the locales’ marks from ICU', () => {
    expect(separatorsOf('en')).toEqual({ decimal: '.', group: ',' });
    expect(separatorsOf('zh-CN')).toEqual({ decimal: '.', group: ',' });
    expect(separatorsOf('de-DE')).toEqual({ decimal: ',', group: '.' });
    expect(separatorsOf('fr-FR')).toEqual({ decimal: ',', group: ' ' });
  });

  it('"12,50" is never 1,250.00: a comma followed by one or two digits is a decimal comma in every locale', () => {
    for (const locale of ['zh-CN', 'en', 'de-DE', 'fr-FR']) {
      expect(minor('12,50', locale)).toBe(1250);
      expect(minor('12,5', locale)).toBe(1250);
      expect(minor('0,05', locale)).toBe(5);
      expect(minor(',5', locale)).toBe(50);
      expect(minor('12.50', locale)).toBe(1250);
    }
    expect(parseMajor('12,50', 'CNY').minor).toBe(1250);
  });

  it('zh-CN and en: comma groups thousands, point is the decimal', () => {
    for (const locale of ['zh-CN', 'en']) {
      expect(minor('1,234', locale)).toBe(123400);
      expect(minor('1,234.56', locale)).toBe(123456);
      expect(minor('12,345,678.9', locale)).toBe(1234567890);
      expect(minor('1,234', locale, 'JPY')).toBe(1234);
    }
  });

  it('zh-CN: full-width digits and punctuation from a Chinese IME, and 。 as the point', () => {
    expect(minor('１２．５０', 'zh-CN')).toBe(1250);
    expect(minor('１，２３４．５', 'zh-CN')).toBe(123450);
    expect(minor('12。5', 'zh-CN')).toBe(1250);
    expect(minor('12。5', 'en')).toBe('notAnAmount');
  });

  it('comma-decimal locales: point or space groups, comma is the decimal', () => {
    expect(minor('1.234', 'de-DE')).toBe(123400);
    expect(minor('1.234,56', 'de-DE')).toBe(123456);
    expect(minor('1 234,56', 'fr-FR')).toBe(123456);
    expect(minor('1\u202f234,56', 'fr-FR')).toBe(123456);
    expect(minor('1,234.56', 'de-DE')).toBe(123456); // both marks: the last one is the decimal, unambiguous
  });

  it('refuses what could mean two amounts, with a message saying both readings', () => {
    expect(minor('1.234', 'en')).toBe('ambiguous'); // 1234 with dot grouping, or 1.234 which CNY cannot have
    expect(minor('1,234', 'de-DE')).toBe('ambiguous');
    expect(minor('1,234', 'en', 'KWD')).toBe('ambiguous'); // three decimals are possible in KWD
    const r = parseAmountText('1.234', 'CNY', 'en');
    expect(r.ok ? '' : r.message).toMatch(/ambiguous: it may mean 1234 or 1\.234/);
    expect(minor('1.234', 'en', 'KWD')).toBe(1234);
  });

  it('refuses bad grouping, repeated decimals, signs, letters and too many decimals', () => {
    expect(minor('1,23,456', 'en')).toBe('badGrouping');
    expect(minor('12 50', 'en')).toBe('badGrouping');
    expect(minor('1.234.56,7,8', 'de-DE')).toBe('badGrouping');
    expect(minor('1,234.5.6', 'en')).toBe('badGrouping');
    expect(minor('1 234.567,8', 'en')).toBe('badGrouping');
    expect(minor('-5', 'en')).toBe('negative');
    expect(minor('12a', 'en')).toBe('notAnAmount');
    expect(minor('¥12', 'zh-CN')).toBe('notAnAmount');
    expect(minor('', 'en')).toBe('empty');
    expect(minor('12.345', 'en')).toBe('ambiguous');
    expect(minor('12.3456', 'en')).toBe('tooManyDecimals');
    expect(minor('12,5', 'en', 'JPY')).toBe('tooManyDecimals');
    expect(minor('1234567890123456', 'en')).toBe('tooLarge');
  });
});
