/**
 * Plain lists of channel names. The sandboxed preload builds window.pos from these without loading
 * zod or the schemas; a test keeps them equal to the contract's keys.
 */
export const COMMAND_NAMES = ['session:hello', 'session:setLocale', 'settings:resetConfig', 'settings:verifyJournal',
  'settings:get', 'settings:update', 'settings:importKeys', 'settings:register', 'settings:registrationStatus',
  'device:status', 'device:listPorts', 'device:listHid', 'device:configure', 'device:testScan', 'device:testPrint', 'device:reprint', 'device:kickDrawer', 'device:wedgeScan',
  'receipt:preview', 'receipt:reprint',
  'sale:create', 'sale:get', 'sale:list', 'sale:current', 'sale:setAmount', 'sale:void', 'sale:search', 'sale:dismiss',
  'payment:scan', 'payment:showOrderCode', 'payment:cancel', 'payment:void', 'payment:get', 'payment:unresolved', 'payment:events',
  'refund:create', 'refund:list', 'queue:get', 'queue:retry',
  'demo:simulator', 'demo:printerOutput', 'demo:deliverSettlement',
  'report:day', 'report:get', 'report:closeDay', 'report:listClosed', 'report:importSettlement', 'report:cancelImport', 'report:reconcile', 'report:print', 'report:export',
  'entry:info', 'entry:feed', 'entry:demoPay',
  'account:setup', 'account:signIn', 'account:signOut', 'account:changePin', 'account:list', 'account:create', 'account:update',
  'till:createClient', 'till:listClients', 'till:revokeClient', 'till:info', 'till:originOf',
  'settings:importCnCredentials',
  'hq:status', 'hq:enrol',
  'sale:createWithCode',
  'shift:current', 'shift:open', 'shift:cashMovement', 'shift:noSale', 'shift:close', 'shift:closeApproved', 'shift:handOver', 'shift:report', 'shift:print', 'shift:list', 'sale:tenderCash', 'refund:cash',
  'shift:handOverApproved',
] as const;

export const EVENT_NAMES = ['station:statusChanged', 'device:statusChanged', 'device:scanRejected',
  'payment:stateChanged', 'payment:unresolvedListed', 'payment:scanRefused', 'queue:changed', 'report:importProgress',
  'settings:registrationChanged', 'entry:paymentReceived',
  'till:saleOpened',
  'shift:changed',
  'payment:scanForwarded',
] as const;

/** One IPC channel carries every command; the command name travels as the first argument. */
export const INVOKE_CHANNEL = 'pos:invoke';
export const EVENT_CHANNEL = 'pos:event';
