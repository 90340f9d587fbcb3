/**
 * Plain lists of channel names. The sandboxed preload builds window.pos from these without loading
 * zod or the schemas; a test keeps them equal to the contract's keys.
 */
export const COMMAND_NAMES = ['session:hello', 'session:setLocale', 'settings:resetConfig', 'settings:verifyJournal',
  'device:status', 'device:listPorts', 'device:listHid', 'device:configure', 'device:testScan', 'device:testPrint', 'device:reprint', 'device:kickDrawer', 'device:wedgeScan',
] as const;

export const EVENT_NAMES = ['station:statusChanged', 'device:statusChanged', 'device:scanRejected'] as const;

/** One IPC channel carries every command; the command name travels as the first argument. */
export const INVOKE_CHANNEL = 'pos:invoke';
export const EVENT_CHANNEL = 'pos:event';
