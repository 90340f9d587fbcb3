import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/i18n/en';
import { zhCN } from '../../../renderer/i18n/zhCN';
import { createI18n } from '../../../renderer/i18n/createI18n';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
function values(o: object): string[] {
  return Object.values(o).flatMap((v) => (typeof v === 'object' && v !== null ? values(v as object) : [String(v)]));
}

describe('translations', () => {
  it('zh-CN and en have exactly the same keys, none empty', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
    for (const v of [...values(en), ...values(zhCN)]) expect(v.trim()).not.toBe('');
  });

  it('keep the same interpolation placeholders in both languages', () => {
    const ph = (s: string): string[] => (s.match(/{{\w+}}/g) ?? []).sort();
    const flatEn = Object.fromEntries(keys(en).map((k, i) => [k, values(en)[i]!]));
    const flatZh = Object.fromEntries(keys(zhCN).map((k, i) => [k, values(zhCN)[i]!]));
    for (const k of Object.keys(flatEn)) expect(ph(flatZh[k]!), k).toEqual(ph(flatEn[k]!));
  });

  it('the Sale tab and the Charge action never share a name, in either language (issue 14)', () => {
    for (const lang of [en, zhCN]) {
      expect(lang.nav.sale).not.toBe(lang.keypad.charge);
      // Not one inside the other either ("收款" in "收款台" reads as the same word at a glance).
      expect(lang.nav.sale.includes(lang.keypad.charge) || lang.keypad.charge.includes(lang.nav.sale)).toBe(false);
    }
  });

  it('the Chinese strings really are Chinese where words are involved', () => {
    const i = createI18n('zh-CN');
    expect(i.t('keypad.charge')).toBe('收款');
    expect(i.t('status.queue', { pending: 3 })).toBe('队列：3 笔待处理');
    i.changeLanguage('en');
    expect(i.t('keypad.charge')).toBe('Charge');
  });
});
