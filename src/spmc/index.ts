// The SPMC model (Arm DEN0077 FF-A v1.1-v1.3; Hafnium, TF-A EL3 SPMC and OP-TEE S-EL1 SPMC as
// personalities): everything the mediator model, the vectors and the notebooks use.
export * from './types';
export * from './personality';
export { PERSONALITY_NAMES, personality, resolvePersonality } from './personalities';
export { DEFAULT_PARTITIONS, PROP, PROP_V1_0_MASK, isSecureId, partitionProblems } from './partitions';
export { SpmcCallerError, SpmcConfigError, SpmcInvariantError, SpmcPanic } from './errors';
export { Spmc, type MailboxView } from './spmc';
export { rxLabel } from './rx-state';
export { fnv1a } from './state-key';
export { MODELLED_FIDS } from './_dispatch';
export { FRAMEWORK_BIT, VM_CREATED, VM_DESTROYED } from './abi-direct-req';
export { runSteps, runStepsOn, buffersOf, isSmcStep, type Step, type BufferSnapshot, type RunResult } from './run-steps';
