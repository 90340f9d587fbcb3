/** Public surface of the AMS client for the engine and the station. */
export * from './amsClient';
export * from './amsErrors';
export * from './amsRequests';
export * from './amsTime';
export * from './amsWire';
export * from './httpTransport';
export * from './keys';
export * from './notification';
export * from './regions';
export * from './resultCodes';
export * from './signature';
export * from './amsAcquirer';
export * from './amsCodeBook';
export * from './amsResults';
