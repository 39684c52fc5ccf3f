// FF-A ABI (Arm DEN0077): function ids, status codes, versions and SMCCC register frames.
export * from './ids';
export * from './errors';
export * from './version';
export * from './frame';
