import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from '../i18n/createI18n';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { ScreenError } from '../components/ScreenError';
import { CashierApp } from './CashierApp';
import { cashierKeyboard } from './cashierKeyboard';
import '../styles.css';
import '../shifts.css';

// Listening before the first render: a key pressed as the page appears is queued, not lost.
cashierKeyboard();
const i18n = createI18n('zh-CN');
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <ErrorBoundary fallback={(reset) => <ScreenError onRetry={reset} />}>
        <CashierApp />
      </ErrorBoundary>
    </I18nextProvider>
  </StrictMode>,
);
