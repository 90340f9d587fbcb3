import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { layoutDocument, previewLines, type PaperWidth } from '../../shared/domain/receipt';
import { testPageDocument } from './deviceView';

/** The test page as the printer lays it out, column for column (same code as the ESC/POS path). */
export function TestPagePreview({ paper, at }: { readonly paper: PaperWidth; readonly at: number }) {
  const { t } = useTranslation();
  const lines = useMemo(() => previewLines(layoutDocument(testPageDocument(paper, at), paper), paper), [paper, at]);
  return (
    <figure className="paper-preview">
      <figcaption>{t('devices.previewTitle', { paper })}</figcaption>
      <pre className={`paper-lines paper-${paper}`} data-testid="test-page-preview">
        {lines.join('\n')}
      </pre>
    </figure>
  );
}
