import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../shared/domain/station';
import { en } from './en';
import { zhCN } from './zhCN';

export const resources = { en: { translation: en }, 'zh-CN': { translation: zhCN } } as const;

/** One i18next instance per window: the cashier and the customer display choose languages separately. */
export function createI18n(lng: Locale): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
    initAsync: false,
  });
  return instance;
}
