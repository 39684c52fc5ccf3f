// Endpoint RX/TX descriptor (Arm DEN0077 v1.1 "Endpoint RX/TX descriptor"; Xen ffa_rxtx.c
// struct ffa_endpoint_rxtx_descriptor_1_0/_1_1; Hafnium vmlib/ffa.c). STUB: API first.
import { fail } from './_result';
import type { DecodeOptions, Decoded, DecodedEndpointRxtx, EndpointRxtxDescriptor, Encoded, FieldSpan, RxtxForm, RxtxLayout } from './types';

export interface RxtxEncodeOptions {
  readonly layout: RxtxLayout;
  readonly form?: RxtxForm;
}

export interface RxtxDecodeOptions extends DecodeOptions {
  /** Accept composite offsets that are not 8-byte aligned, as Xen wrote before d1b958a92c (12/44). */
  readonly allowUnalignedOffsets?: boolean;
  readonly form?: RxtxForm;
  /** v1.0 form only: where the header ends (12 or 16). Default 'aligned-16-48'. */
  readonly layout?: RxtxLayout;
}

export function encodeEndpointRxtx(d: EndpointRxtxDescriptor, opts: RxtxEncodeOptions): Encoded {
  return writeEndpointRxtx(new Uint8Array(0), d, opts);
}

export function writeEndpointRxtx(_target: Uint8Array, _d: EndpointRxtxDescriptor, _opts: RxtxEncodeOptions): Encoded {
  return { ok: false, error: { field: '', message: 'not implemented yet' } };
}

export function decodeEndpointRxtx(_bytes: Uint8Array, _opts?: RxtxDecodeOptions): Decoded<DecodedEndpointRxtx> {
  return fail('bad-value', '', 0, 'not implemented yet');
}

export function fieldsOfEndpointRxtx(_bytes: Uint8Array, _opts?: RxtxDecodeOptions): FieldSpan[] {
  return [];
}
