// The composites a memory transaction's EMADs point at (Arm DEN0077 "Endpoint memory access
// descriptor" composite offset; Hafnium ffa_memory_region_sanity_check's offset checks).
import { COMPOSITE_HEADER_SIZE, readComposite } from './_composite';
import type { Reader } from './_reader';
import { fail, ok, relay, type Policy } from './_result';
import type { CompositeRegion, Decoded } from './types';

export interface EmadGeometry {
  readonly headerSize: number;
  readonly emadOffset: number;
  readonly emadEnd: number;
  readonly emadSize: number;
}

interface Found {
  readonly region: CompositeRegion;
  readonly start: number;
  readonly end: number;
  readonly emad: number;
}

/**
 * Decode each distinct composite once (receivers usually share one). Offset 0 means "no
 * composite" (retrieve requests, by handle). The first EMAD's composite is called `composite`;
 * another EMAD's distinct one `emads[i].composite`. Receivers pointing at different composites
 * are allowed here (the spec gives each EMAD its own offset; Hafnium alone insists they are
 * equal). No alignment is required of a composite offset: none of the notes' sources checks one.
 */
export function readRegions(r: Reader, g: EmadGeometry, offsets: readonly number[], policy: Policy): Decoded<{ list: (CompositeRegion | null)[]; end: number }> {
  const seen = new Map<number, Found>();
  const list: (CompositeRegion | null)[] = [];
  for (const [i, off] of offsets.entries()) {
    const field = `emads[${i}].region_offs`;
    const at = g.emadOffset + i * g.emadSize + 4;
    const known = seen.get(off);
    if (off === 0 || known !== undefined) {
      list.push(known?.region ?? null);
      continue;
    }
    if (off < g.headerSize) return fail('offset-into-header', field, at, `${field} ${off} points into the ${g.headerSize}-byte header`);
    if (off < g.emadEnd && off + COMPOSITE_HEADER_SIZE > g.emadOffset && policy.enforces('overlap')) {
      return fail('overlap', field, at, `${field} ${off} points into the EMAD array [${g.emadOffset}, ${g.emadEnd})`);
    }
    if (!r.fits(off, COMPOSITE_HEADER_SIZE)) return fail('offset-past-end', field, at, `${field} ${off}: no room for a 16-byte composite in ${r.length} bytes`);
    const got = readComposite(r, off, seen.size === 0 ? 'composite' : `emads[${i}].composite`, policy);
    if (!got.ok) return relay(got);
    const found: Found = { region: got.value.region, start: off, end: got.value.end, emad: i };
    const clash = [{ start: g.emadOffset, end: g.emadEnd, what: 'the EMAD array' },
      ...[...seen.values()].map((x) => ({ start: x.start, end: x.end, what: `the composite of emads[${x.emad}]` }))]
      .find((x) => found.start < x.end && x.start < found.end);
    if (clash !== undefined && policy.enforces('overlap')) {
      return fail('overlap', field, at, `the composite at ${off} (to ${found.end}) overlaps ${clash.what} [${clash.start}, ${clash.end})`);
    }
    seen.set(off, found);
    list.push(found.region);
  }
  const end = Math.max(0, ...[...seen.values()].map((x) => x.end));
  return ok({ list, end });
}
