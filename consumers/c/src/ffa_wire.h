/* Wire layouts of the FF-A descriptors that travel through RX/TX buffers (Arm DEN0077 FF-A
 * v1.0-v1.3), declared here from the spec's tables as restated in the project's reference notes:
 *   [XEN3]  /work/shared/reference/xen-ffa-revisions.md section 3 "Layouts and constants"
 *   [XEN26] same file, section 2.6, table "Endpoint RX/TX descriptor written at offset 0"
 *   [XEN27] same file, section 2.7, table "Memory transaction descriptor written at offset 0"
 *   [SPMC3x] /work/shared/reference/spmc-implementations.md section 3.x
 * Every offset and size below is asserted against those tables, never against ffa-lab's
 * TypeScript. All fields are little endian; this consumer reads them by memcpy and therefore
 * refuses to build on a big-endian host. */
#ifndef FFA_CONSUMER_WIRE_H
#define FFA_CONSUMER_WIRE_H

#include <stddef.h>
#include <stdint.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "ffa-lab C consumer: FF-A descriptors are little endian and are read with memcpy here"
#endif

#define FFA_PACKED __attribute__((packed))

/* ---- Constituent memory region descriptor ("address range") [SPMC3.5], [XEN3] ffa_address_range */
struct FFA_PACKED ffa_wire_constituent {
	uint64_t address;    /* 4 KiB aligned base */
	uint32_t page_count;
	uint32_t reserved;   /* MBZ */
};
_Static_assert(offsetof(struct ffa_wire_constituent, address) == 0, "[SPMC3.5] constituent address at 0");
_Static_assert(offsetof(struct ffa_wire_constituent, page_count) == 8, "[SPMC3.5] constituent page count at 8");
_Static_assert(offsetof(struct ffa_wire_constituent, reserved) == 12, "[SPMC3.5] constituent reserved at 12");
_Static_assert(sizeof(struct ffa_wire_constituent) == 16, "[SPMC3.5] constituent is 16 bytes");

/* ---- Composite memory region descriptor header [SPMC3.5], [XEN3] ffa_mem_region */
struct FFA_PACKED ffa_wire_composite {
	uint32_t total_page_count;    /* must equal the sum of the constituents' page counts */
	uint32_t address_range_count;
	uint64_t reserved;            /* MBZ */
	/* constituents follow at 16 */
};
_Static_assert(offsetof(struct ffa_wire_composite, total_page_count) == 0, "[SPMC3.5] total page count at 0");
_Static_assert(offsetof(struct ffa_wire_composite, address_range_count) == 4, "[SPMC3.5] range count at 4");
_Static_assert(offsetof(struct ffa_wire_composite, reserved) == 8, "[SPMC3.5] reserved at 8");
_Static_assert(sizeof(struct ffa_wire_composite) == 16, "[SPMC3.5] composite header 16 bytes, array at 16");

/* A composite with exactly one constituent, as [XEN3] ffa_mem_region: offsetof(array[1]) = 32. */
struct FFA_PACKED ffa_wire_composite_1 {
	struct ffa_wire_composite hdr;
	struct ffa_wire_constituent range0;
};
_Static_assert(offsetof(struct ffa_wire_composite_1, range0) == 16, "[XEN3] address_range_array from 16");
_Static_assert(sizeof(struct ffa_wire_composite_1) == 32, "[XEN3] offsetof address_range_array[1] = 32");

/* ---- Endpoint RX/TX descriptor [SPMC3.2], [XEN3] ffa_endpoint_rxtx_descriptor_1_1 */
struct FFA_PACKED ffa_wire_rxtx_hdr_1_1 {
	uint16_t sender_id;
	uint16_t reserved;       /* MBZ */
	uint32_t rx_region_offs; /* offset of the RX composite, 8-byte aligned per the spec */
	uint32_t tx_region_offs; /* offset of the TX composite */
};
_Static_assert(offsetof(struct ffa_wire_rxtx_hdr_1_1, sender_id) == 0, "[SPMC3.2] endpoint id at 0");
_Static_assert(offsetof(struct ffa_wire_rxtx_hdr_1_1, reserved) == 2, "[SPMC3.2] reserved at 2");
_Static_assert(offsetof(struct ffa_wire_rxtx_hdr_1_1, rx_region_offs) == 4, "[SPMC3.2] RX offset at 4");
_Static_assert(offsetof(struct ffa_wire_rxtx_hdr_1_1, tx_region_offs) == 8, "[SPMC3.2] TX offset at 8");
_Static_assert(sizeof(struct ffa_wire_rxtx_hdr_1_1) == 12, "[XEN3] ffa_endpoint_rxtx_descriptor_1_1 is 12 bytes");

/* The same header with the 4-byte pad Hafnium and tftf declare [SPMC3.2]. */
struct FFA_PACKED ffa_wire_rxtx_hdr_padded {
	struct ffa_wire_rxtx_hdr_1_1 h;
	uint32_t pad;
};
_Static_assert(offsetof(struct ffa_wire_rxtx_hdr_padded, pad) == 12, "[SPMC3.2] pad at 12");
_Static_assert(sizeof(struct ffa_wire_rxtx_hdr_padded) == 16, "[SPMC3.2] padded header ends at 16");

/* Older v1.0 form: words at 4/8 are range counts [XEN3] ffa_endpoint_rxtx_descriptor_1_0. */
struct FFA_PACKED ffa_wire_rxtx_hdr_1_0 {
	uint16_t sender_id;
	uint16_t reserved;
	uint32_t rx_range_count;
	uint32_t tx_range_count;
};
_Static_assert(offsetof(struct ffa_wire_rxtx_hdr_1_0, rx_range_count) == 4, "[XEN3] rx_range_count 4:4");
_Static_assert(offsetof(struct ffa_wire_rxtx_hdr_1_0, tx_range_count) == 8, "[XEN3] tx_range_count 8:4");
_Static_assert(sizeof(struct ffa_wire_rxtx_hdr_1_0) == 12, "[XEN3] ffa_endpoint_rxtx_descriptor_1_0 is 12 bytes");

/* Whole single-range blob in Xen's old 12/44 layout: [XEN26] column "old off". */
struct FFA_PACKED ffa_wire_rxtx_blob_12_44 {
	struct ffa_wire_rxtx_hdr_1_1 h;
	struct ffa_wire_composite_1 rx;
	struct ffa_wire_composite_1 tx;
};
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_12_44, rx) == 12, "[XEN26] old: RX total_page_count at 12");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_12_44, rx.hdr.address_range_count) == 16, "[XEN26] old: RX count at 16");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_12_44, rx.hdr.reserved) == 20, "[XEN26] old: RX reserved at 20");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_12_44, rx.range0.address) == 28, "[XEN26] old: RX address at 28");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_12_44, rx.range0.page_count) == 36, "[XEN26] old: RX page_count at 36");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_12_44, rx.range0.reserved) == 40, "[XEN26] old: RX range reserved at 40");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_12_44, tx) == 44, "[XEN26] old: TX total_page_count at 44");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_12_44, tx.hdr.address_range_count) == 48, "[XEN26] old: TX count at 48");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_12_44, tx.hdr.reserved) == 52, "[XEN26] old: TX reserved at 52");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_12_44, tx.range0.address) == 60, "[XEN26] old: TX address at 60");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_12_44, tx.range0.page_count) == 68, "[XEN26] old: TX page_count at 68");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_12_44, tx.range0.reserved) == 72, "[XEN26] old: TX range reserved at 72");
_Static_assert(sizeof(struct ffa_wire_rxtx_blob_12_44) == 76, "[XEN26] old: end 76");

/* Whole single-range blob in the spec's 16/48 layout: [XEN26] column "fixed off", [SPMC3.2]
 * "Canonical 80-byte blob". */
struct FFA_PACKED ffa_wire_rxtx_blob_16_48 {
	struct ffa_wire_rxtx_hdr_padded h;
	struct ffa_wire_composite_1 rx;
	struct ffa_wire_composite_1 tx;
};
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_16_48, h.pad) == 12, "[XEN26] fixed: padding 12..15");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_16_48, rx) == 16, "[XEN26] fixed: RX total_page_count at 16");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_16_48, rx.hdr.address_range_count) == 20, "[XEN26] fixed: RX count at 20");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_16_48, rx.hdr.reserved) == 24, "[XEN26] fixed: RX reserved at 24");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_16_48, rx.range0.address) == 32, "[XEN26] fixed: RX address at 32");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_16_48, rx.range0.page_count) == 40, "[XEN26] fixed: RX page_count at 40");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_16_48, rx.range0.reserved) == 44, "[XEN26] fixed: RX range reserved at 44");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_16_48, tx) == 48, "[XEN26] fixed: TX total_page_count at 48");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_16_48, tx.hdr.address_range_count) == 52, "[XEN26] fixed: TX count at 52");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_16_48, tx.hdr.reserved) == 56, "[XEN26] fixed: TX reserved at 56");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_16_48, tx.range0.address) == 64, "[XEN26] fixed: TX address at 64");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_16_48, tx.range0.page_count) == 72, "[XEN26] fixed: TX page_count at 72");
_Static_assert(offsetof(struct ffa_wire_rxtx_blob_16_48, tx.range0.reserved) == 76, "[XEN26] fixed: TX range reserved at 76");
_Static_assert(sizeof(struct ffa_wire_rxtx_blob_16_48) == 80, "[XEN26] fixed: end 80; [SPMC3.2] 80-byte blob");

/* ---- Memory access permissions descriptor [SPMC3.4], [XEN3] ffa_mem_access_perm */
struct FFA_PACKED ffa_wire_mem_access_perm {
	uint16_t endpoint_id;
	uint8_t perm;  /* [1:0] data access, [3:2] instruction access, [7:4] MBZ */
	uint8_t flags;
};
_Static_assert(offsetof(struct ffa_wire_mem_access_perm, endpoint_id) == 0, "[SPMC3.4] receiver id at 0");
_Static_assert(offsetof(struct ffa_wire_mem_access_perm, perm) == 2, "[SPMC3.4] permissions at 2");
_Static_assert(offsetof(struct ffa_wire_mem_access_perm, flags) == 3, "[SPMC3.4] flags at 3");
_Static_assert(sizeof(struct ffa_wire_mem_access_perm) == 4, "[XEN3] ffa_mem_access_perm is 4 bytes");

/* ---- Endpoint memory access descriptor, 16 bytes (v1.0/v1.1) [SPMC3.4], [XEN3] ffa_mem_access */
struct FFA_PACKED ffa_wire_emad_16 {
	struct ffa_wire_mem_access_perm access;
	uint32_t region_offs; /* composite offset from the transaction start; 0 = "by handle" */
	uint64_t reserved;    /* MBZ */
};
_Static_assert(offsetof(struct ffa_wire_emad_16, access) == 0, "[XEN3] access_perm 0:4");
_Static_assert(offsetof(struct ffa_wire_emad_16, region_offs) == 4, "[XEN3] region_offs 4:4");
_Static_assert(offsetof(struct ffa_wire_emad_16, reserved) == 8, "[XEN3] reserved 8:8");
_Static_assert(sizeof(struct ffa_wire_emad_16) == 16, "[SPMC3.4] EMAD v1.0/v1.1 size 16");

/* ---- Endpoint memory access descriptor, 32 bytes (v1.2+) [SPMC3.4], [XEN3] ffa_mem_access_1_2 */
struct FFA_PACKED ffa_wire_emad_32 {
	struct ffa_wire_mem_access_perm access;
	uint32_t region_offs;
	uint8_t impdef[16];
	uint64_t reserved; /* MBZ */
};
_Static_assert(offsetof(struct ffa_wire_emad_32, region_offs) == 4, "[XEN3] region_offs 4:4");
_Static_assert(offsetof(struct ffa_wire_emad_32, impdef) == 8, "[XEN3] impdef 8:16");
_Static_assert(offsetof(struct ffa_wire_emad_32, reserved) == 24, "[XEN3] reserved 24:8");
_Static_assert(sizeof(struct ffa_wire_emad_32) == 32, "[SPMC3.4] EMAD v1.2+ size 32");

/* ---- Memory transaction descriptor, v1.0 header (32 bytes) [SPMC3.3], [XEN3] ffa_mem_transaction_1_0 */
struct FFA_PACKED ffa_wire_memtx_1_0 {
	uint16_t sender_id;
	uint8_t mem_reg_attr;
	uint8_t reserved0;        /* MBZ */
	uint32_t flags;
	uint64_t handle;
	uint64_t tag;
	uint32_t reserved1;       /* MBZ */
	uint32_t mem_access_count;
	/* EMAD array at 32 */
};
_Static_assert(offsetof(struct ffa_wire_memtx_1_0, sender_id) == 0, "[XEN3] sender_id 0:2");
_Static_assert(offsetof(struct ffa_wire_memtx_1_0, mem_reg_attr) == 2, "[XEN3] mem_reg_attr 2:1");
_Static_assert(offsetof(struct ffa_wire_memtx_1_0, reserved0) == 3, "[XEN3] reserved0 3:1");
_Static_assert(offsetof(struct ffa_wire_memtx_1_0, flags) == 4, "[XEN3] flags 4:4");
_Static_assert(offsetof(struct ffa_wire_memtx_1_0, handle) == 8, "[XEN3] handle 8:8");
_Static_assert(offsetof(struct ffa_wire_memtx_1_0, tag) == 16, "[XEN3] tag 16:8");
_Static_assert(offsetof(struct ffa_wire_memtx_1_0, reserved1) == 24, "[XEN3] reserved1 24:4");
_Static_assert(offsetof(struct ffa_wire_memtx_1_0, mem_access_count) == 28, "[XEN3] mem_access_count 28:4");
_Static_assert(sizeof(struct ffa_wire_memtx_1_0) == 32, "[SPMC3.3] v1.0 header 32 bytes, EMADs from 32");

/* ---- Memory transaction descriptor, v1.1+ header (48 bytes) [SPMC3.3], [XEN3] ffa_mem_transaction_1_1 */
struct FFA_PACKED ffa_wire_memtx_1_1 {
	uint16_t sender_id;
	uint16_t mem_reg_attr;    /* bits [15:7] MBZ */
	uint32_t flags;
	uint64_t handle;
	uint64_t tag;
	uint32_t mem_access_size; /* 16 (v1.1) or 32 (v1.2+) */
	uint32_t mem_access_count;
	uint32_t mem_access_offs; /* 16-byte aligned, >= 48 */
	uint8_t reserved[12];     /* MBZ */
};
_Static_assert(offsetof(struct ffa_wire_memtx_1_1, sender_id) == 0, "[XEN3] sender_id 0:2");
_Static_assert(offsetof(struct ffa_wire_memtx_1_1, mem_reg_attr) == 2, "[XEN3] mem_reg_attr 2:2");
_Static_assert(offsetof(struct ffa_wire_memtx_1_1, flags) == 4, "[XEN3] flags 4:4");
_Static_assert(offsetof(struct ffa_wire_memtx_1_1, handle) == 8, "[XEN3] handle 8:8");
_Static_assert(offsetof(struct ffa_wire_memtx_1_1, tag) == 16, "[XEN3] tag 16:8");
_Static_assert(offsetof(struct ffa_wire_memtx_1_1, mem_access_size) == 24, "[XEN3] mem_access_size 24:4");
_Static_assert(offsetof(struct ffa_wire_memtx_1_1, mem_access_count) == 28, "[XEN3] mem_access_count 28:4");
_Static_assert(offsetof(struct ffa_wire_memtx_1_1, mem_access_offs) == 32, "[XEN3] mem_access_offs 32:4");
_Static_assert(offsetof(struct ffa_wire_memtx_1_1, reserved) == 36, "[XEN3] reserved 36:12");
_Static_assert(sizeof(struct ffa_wire_memtx_1_1) == 48, "[XEN3] ffa_mem_transaction_1_1 is 48 bytes");

/* What Xen writes for one receiver and one range, pre-1.2 firmware: [XEN27] table. */
struct FFA_PACKED ffa_wire_xen_share_1 {
	struct ffa_wire_memtx_1_1 hdr;
	struct ffa_wire_emad_16 emad;
	struct ffa_wire_composite_1 region;
};
_Static_assert(offsetof(struct ffa_wire_xen_share_1, emad.access.endpoint_id) == 48, "[XEN27] EMAD.endpoint_id at 48");
_Static_assert(offsetof(struct ffa_wire_xen_share_1, emad.access.perm) == 50, "[XEN27] EMAD.perm at 50");
_Static_assert(offsetof(struct ffa_wire_xen_share_1, emad.access.flags) == 51, "[XEN27] EMAD.flags at 51");
_Static_assert(offsetof(struct ffa_wire_xen_share_1, emad.region_offs) == 52, "[XEN27] EMAD.region_offs at 52");
_Static_assert(offsetof(struct ffa_wire_xen_share_1, emad.reserved) == 56, "[XEN27] EMAD.reserved at 56");
_Static_assert(offsetof(struct ffa_wire_xen_share_1, region.hdr.total_page_count) == 64, "[XEN27] composite at 64");
_Static_assert(offsetof(struct ffa_wire_xen_share_1, region.hdr.address_range_count) == 68, "[XEN27] range count at 68");
_Static_assert(offsetof(struct ffa_wire_xen_share_1, region.hdr.reserved) == 72, "[XEN27] composite reserved at 72");
_Static_assert(offsetof(struct ffa_wire_xen_share_1, region.range0) == 80, "[XEN27] range[0] at 80");
_Static_assert(sizeof(struct ffa_wire_xen_share_1) == 96, "[XEN27] tot_len = 80 + 16*1");

/* The v1.2 variant: EMAD 32 bytes, composite at 80, ranges from 96 [XEN27] last bullet, [SPMC3.6]. */
struct FFA_PACKED ffa_wire_xen_share_1_2 {
	struct ffa_wire_memtx_1_1 hdr;
	struct ffa_wire_emad_32 emad;
	struct ffa_wire_composite_1 region;
};
_Static_assert(offsetof(struct ffa_wire_xen_share_1_2, emad.impdef) == 56, "[XEN27] impdef at 56..71");
_Static_assert(offsetof(struct ffa_wire_xen_share_1_2, emad.reserved) == 72, "[XEN27] reserved at 72..79");
_Static_assert(offsetof(struct ffa_wire_xen_share_1_2, region) == 80, "[XEN27] region_offs 80");
_Static_assert(offsetof(struct ffa_wire_xen_share_1_2, region.range0) == 96, "[XEN27] ranges from 96");

/* Linux's v1.0 placement: EMAD at 32, composite at 48, constituents at 64 [SPMC3.6]. */
struct FFA_PACKED ffa_wire_linux_share_1_0 {
	struct ffa_wire_memtx_1_0 hdr;
	struct ffa_wire_emad_16 emad;
	struct ffa_wire_composite_1 region;
};
_Static_assert(offsetof(struct ffa_wire_linux_share_1_0, emad) == 32, "[SPMC3.6] v1.0 EMAD at 32");
_Static_assert(offsetof(struct ffa_wire_linux_share_1_0, region) == 48, "[SPMC3.6] v1.0 composite at 48");
_Static_assert(offsetof(struct ffa_wire_linux_share_1_0, region.range0) == 64, "[SPMC3.6] v1.0 constituents at 64");

/* ---- Partition information descriptor [SPMC3.1], [XEN3] ffa_partition_info_1_0/_1_1 */
struct FFA_PACKED ffa_wire_partinfo_8 {
	uint16_t id;
	uint16_t exec_count;  /* execution context count, or proxy id */
	uint32_t properties;
};
_Static_assert(offsetof(struct ffa_wire_partinfo_8, id) == 0, "[SPMC3.1] partition id at 0");
_Static_assert(offsetof(struct ffa_wire_partinfo_8, exec_count) == 2, "[SPMC3.1] exec count at 2");
_Static_assert(offsetof(struct ffa_wire_partinfo_8, properties) == 4, "[SPMC3.1] properties at 4");
_Static_assert(sizeof(struct ffa_wire_partinfo_8) == 8, "[SPMC3.1] v1.0 is 8 bytes");

struct FFA_PACKED ffa_wire_partinfo_24 {
	struct ffa_wire_partinfo_8 base;
	uint8_t uuid[16];
};
_Static_assert(offsetof(struct ffa_wire_partinfo_24, uuid) == 8, "[SPMC3.1] UUID at 8");
_Static_assert(sizeof(struct ffa_wire_partinfo_24) == 24, "[SPMC3.1] v1.1/v1.2 is 24 bytes");

struct FFA_PACKED ffa_wire_partinfo_48 {
	struct ffa_wire_partinfo_8 base;
	uint8_t uuid[16];       /* protocol UUID */
	uint8_t image_uuid[16];
	uint32_t ffa_version;   /* partition FF-A version */
	uint32_t reserved;      /* MBZ */
};
_Static_assert(offsetof(struct ffa_wire_partinfo_48, uuid) == 8, "[SPMC3.1] protocol UUID at 8");
_Static_assert(offsetof(struct ffa_wire_partinfo_48, image_uuid) == 24, "[SPMC3.1] image UUID at 24");
_Static_assert(offsetof(struct ffa_wire_partinfo_48, ffa_version) == 40, "[SPMC3.1] FF-A version at 40");
_Static_assert(offsetof(struct ffa_wire_partinfo_48, reserved) == 44, "[SPMC3.1] reserved at 44");
_Static_assert(sizeof(struct ffa_wire_partinfo_48) == 48, "[SPMC3.1] v1.3 ALP2 is 48 bytes");

#endif
