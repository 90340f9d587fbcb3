/** Public surface of the AMS simulator (station DEMO mode, tests, bench). */
export { startSimulator, type RunningSimulator, type SimulatorOptions } from './startSimulator';
export { SCENARIOS, scenarioAmount, scenarioCode, scenarioFor, ALIPAY_CODE_PATTERN, type Scenario } from './scenarios';
export type { VirtualWallet, WalletResult, WalletPaymentView } from './wallet';
export type { Faults, FaultRule } from './faults';
export { NOTIFY_SCHEDULE_MS } from './notifier';
export type { SettlementFile } from './settlementFiles';
