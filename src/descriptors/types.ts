// Shapes of the FF-A descriptors that travel through RX/TX buffers (Arm DEN0077 v1.0-v1.3; Xen
// xen/arch/arm/tee/ffa_private.h, ffa_rxtx.c, ffa_shm.c, ffa_partinfo.c), and the result types of
// their codecs. Decoders and encoders return these results; they never throw.

/** Why a decoder refused its input. Each names one kind of malformation the spec forbids. */
export type DecodeRule =
  | 'truncated' // the buffer ends inside a fixed-size structure or array
  | 'count-overflow' // count x element size (plus its base) does not fit a u32, as C would compute it
  | 'offset-past-end' // an offset field points where its structure cannot fit
  | 'offset-into-header' // an offset field points back into the header that holds it
  | 'misaligned' // an offset or address without the alignment the spec requires
  | 'reserved-nonzero' // a must-be-zero field or bit is set
  | 'zero-page-count' // an address range of 0 pages
  | 'page-count-mismatch' // a composite's total_page_count is not the sum of its ranges
  | 'bad-size' // a size field (or size argument) that the layout does not allow
  | 'bad-value' // a field value outside its defined encodings
  | 'overlap'; // two structures share bytes, or two ranges of one composite share pages

/** Every rule, in declaration order: the malformed-input suite checks it reaches all of them. */
export const DECODE_RULES: readonly DecodeRule[] = Object.freeze([
  'truncated', 'count-overflow', 'offset-past-end', 'offset-into-header', 'misaligned',
  'reserved-nonzero', 'zero-page-count', 'page-count-mismatch', 'bad-size', 'bad-value', 'overlap',
] as const);

/**
 * Rules that a caller may waive to model an implementation that accepts what the spec forbids
 * (e.g. Xen's 12/44 offsets, or an SPMC that ignores reserved bytes). The bounds rules
 * (truncated, count-overflow, offset-*) cannot be waived: they keep the decoder in bounds.
 */
export type WaivableRule = 'misaligned' | 'reserved-nonzero' | 'zero-page-count' | 'page-count-mismatch' | 'bad-value' | 'overlap';

export interface DecodeError {
  readonly rule: DecodeRule;
  /** Path of the offending field, e.g. `emads[0].region_offs` or `rx.ranges[1].page_count`. */
  readonly field: string;
  /** Byte offset of that field inside the decoded buffer. */
  readonly offset: number;
  readonly message: string;
}

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DecodeError };

export interface DecodeOptions {
  /** Rules not enforced (see WaivableRule). Default: none, i.e. the spec's rules. */
  readonly waive?: readonly WaivableRule[];
}

/** Why an encoder refused its input: a value that does not fit its wire field. */
export interface EncodeError {
  readonly field: string;
  readonly message: string;
}

export type Encoded = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly error: EncodeError };

/** Constituent memory region descriptor ("address range", Xen's struct ffa_address_range). */
export interface AddressRange {
  readonly address: bigint;
  readonly pageCount: number;
}

/** Composite memory region descriptor (Xen's struct ffa_mem_region). */
export interface CompositeRegion {
  readonly totalPageCount: number;
  readonly ranges: readonly AddressRange[];
}

/** Where the two composites sit: the spec's 8-byte-aligned 16/48, or what Xen wrote before d1b958a92c. */
export type RxtxLayout = 'aligned-16-48' | 'xen-12-44';

/** v1.1 (words at 4/8 are composite offsets) or v1.0 (words at 4/8 are range counts). */
export type RxtxForm = 'v1.1' | 'v1.0';

/** Endpoint RX/TX descriptor: what a hypervisor writes in its TX buffer to forward FFA_RXTX_MAP. */
export interface EndpointRxtxDescriptor {
  readonly senderId: number;
  readonly rx: CompositeRegion;
  readonly tx: CompositeRegion;
}

export interface DecodedEndpointRxtx extends EndpointRxtxDescriptor {
  readonly form: RxtxForm;
  readonly rxOffset: number;
  readonly txOffset: number;
  /** One past the last byte the descriptor uses (the rest of the buffer is not part of it). */
  readonly length: number;
}

/** Memory access permissions descriptor (Xen's struct ffa_mem_access_perm). */
export interface MemAccessPerm {
  readonly endpointId: number;
  /** [1:0] data access (1 RO, 2 RW), [3:2] instruction access (1 NX, 2 X), [7:4] MBZ. */
  readonly perm: number;
  readonly flags: number;
}

/** One receiver of a memory transaction: an EMAD without its composite offset (the encoder places it). */
export interface MemReceiver {
  readonly access: MemAccessPerm;
  /** 16 bytes, v1.2+ (32-byte EMAD) only. */
  readonly impdef?: Uint8Array;
}

/** Memory transaction descriptor (FFA_MEM_SHARE/LEND/DONATE, RETRIEVE_REQ/RESP). */
export interface MemTransaction {
  readonly senderId: number;
  /** Memory region attributes: a byte in v1.0, a u16 from v1.1. */
  readonly attributes: number;
  readonly flags: number;
  readonly handle: bigint;
  readonly tag: bigint;
  readonly receivers: readonly MemReceiver[];
  /** The composite every EMAD points at; null when the EMADs carry offset 0 ("by handle"). */
  readonly region: CompositeRegion | null;
}

export interface DecodedMemTransaction extends MemTransaction {
  /** 16 or 32 (the v1.1+ mem_access_size field; 16 for v1.0). */
  readonly emadSize: number;
  /** Where the EMAD array starts: 32 for v1.0, mem_access_offs from v1.1. */
  readonly emadOffset: number;
  /** Each EMAD's region_offs, and the composite it points at (null for offset 0). */
  readonly regionOffsets: readonly number[];
  readonly regions: readonly (CompositeRegion | null)[];
  readonly length: number;
}

/** Partition information descriptor sizes: v1.0, v1.1/v1.2, v1.3 ALP2 (Hafnium v2.15+). */
export type PartInfoSize = 8 | 24 | 48;

export interface PartInfo {
  readonly id: number;
  /** Execution context count (or proxy id for dependent peripheral devices). */
  readonly execCount: number;
  readonly properties: number;
  /** 16 bytes, sizes 24 and 48 (the protocol UUID in v1.3). */
  readonly uuid?: Uint8Array;
  /** 16 bytes, size 48 only. */
  readonly imageUuid?: Uint8Array;
  /** Size 48 only. */
  readonly partitionVersion?: number;
}

/** One annotated field of a descriptor: what the hex dump prints beside the bytes. */
export interface FieldSpan {
  readonly offset: number;
  readonly size: number;
  readonly name: string;
  readonly value: number | bigint | string;
}
