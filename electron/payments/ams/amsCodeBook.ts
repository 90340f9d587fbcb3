/** The AMS result-code table as the engine reads it (resultCodes.ts holds the data). */
import type { ResultCodeBook } from '../engine/enginePorts';
import { lookupResultCode } from './resultCodes';

export const AMS_CODE_BOOK: ResultCodeBook = {
  lookup: (code, ctx) => lookupResultCode(code, ctx),
  inProcess: ['PAYMENT_IN_PROCESS'],
  notFound: ['ORDER_NOT_EXIST'],
  cancelTooLate: ['CANCEL_WINDOW_EXCEED'],
};
