// FFA_RXTX_MAP_32/_64 (Arm DEN0077 13.7): x1 = TX base, x2 = RX base, w3 = page count; from the
// hypervisor with x1 = x2 = w3 = 0, a forwarded map described in its TX buffer (Hafnium only).
// Each family's check order lives in its own file.
import type { Frame } from '../ffa/frame';
import type { Call } from './_ctx';
import { mapHafnium } from './_map-hafnium';
import { mapOptee } from './_map-optee';
import { mapTfa } from './_map-tfa';

export function ffaRxtxMap(c: Call): Frame {
  switch (c.p.family) {
    case 'hafnium':
      return mapHafnium(c);
    case 'tfa':
      return mapTfa(c);
    case 'optee':
      return mapOptee(c);
  }
}
