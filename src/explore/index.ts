// The interleaving explorer for modelled Xen FF-A code: public API for scripts and notebooks.
export * from './types';
export { explore, findingSignature } from './explore';
export { replay, BadScheduleError, type ReplayResult } from './replay';
export { encodeSchedule, decodeSchedule, compactSchedule, vcpuLetter } from './schedule';
export { NondeterminismError } from './dfs';
