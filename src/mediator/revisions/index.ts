// Xen xen/arch/arm/tee/: the five modelled revision profiles (S0, v0, v1, v2 = merged, 4.22.0).
import { S0 } from './s0';
import { V0 } from './v0';
import { V1 } from './v1';
import { V2 } from './v2';
import { R4_22 } from './r4_22';
import type { Revision, RevisionName } from './switches';

export * from './switches';

export const REVISIONS: Readonly<Record<RevisionName, Revision>> = Object.freeze({
  S0,
  v0: V0,
  v1: V1,
  v2: V2,
  '4.22.0': R4_22,
});
