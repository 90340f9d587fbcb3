import type { Migration } from './migration';
import { m0010Initial } from './0010-initial';
import { m0020Payments } from './0020-payments';
import { m0030PrintJobs } from './0030-print-jobs';
import { m0040Reports } from './0040-reports';
import { m0050SaleSearch } from './0050-sale-search';
import { m0060EntryCode } from './0060-entry-code';
import { m0090TillApi } from './0090-till-api';
import { m0100Acquirer } from './0100-acquirer';
import { m0110Accounts } from './0110-accounts';
import { m0120HqLink } from './0120-hq-link';
import { m0150PrintSentUnconfirmed } from './0150-print-sent-unconfirmed';
import { m0160AcquirerTotals } from './0160-acquirer-totals';
import { m0140Shifts } from './0140-shifts';
import { m0170PaymentRequestId } from './0170-payment-request-id';
import { m0240ZReportsNoReplace } from './0240-z-reports-no-replace';
import { m0210HqUploadSources } from './0210-hq-upload-sources';
import { m0200ShiftScope } from './0200-shift-scope';

/** Every migration in order. Add new ones at the end; never reorder or edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [m0010Initial, m0020Payments, m0030PrintJobs, m0040Reports, m0050SaleSearch, m0060EntryCode, m0090TillApi, m0100Acquirer, m0110Accounts,
  m0120HqLink,
  m0140Shifts,
  m0150PrintSentUnconfirmed,
  m0160AcquirerTotals,
  m0170PaymentRequestId,
  m0200ShiftScope,
  m0210HqUploadSources,
  m0240ZReportsNoReplace,
];
