// FF-A descriptor codecs (Arm DEN0077 v1.0-v1.3, as Xen, Hafnium and Linux lay them out): one
// entry point for everything that travels through RX/TX buffers.
export * from './types';
export * from './composite';
export * from './rxtx';
export * from './emad';
export * from './memtx';
export * from './partinfo';
export * from './uuid';
export * from './must';
