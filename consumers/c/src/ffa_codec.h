/* Decoders, validators and encoders for the FF-A descriptors of ffa_wire.h (Arm DEN0077 v1.0-v1.3).
 * Written for the ffa-lab vector consumer from the spec's rules; every rejection names one rule
 * from the vectors' vocabulary (vectors/README.md), the field, and its byte offset. */
#ifndef FFA_CONSUMER_CODEC_H
#define FFA_CONSUMER_CODEC_H

#include <stddef.h>
#include <stdint.h>

#define FFA_PAGE_SIZE 4096u

/* FF-A versions as FFA_VERSION encodes them: (major << 16) | minor. */
#define FFA_V1_0 0x10000u
#define FFA_V1_1 0x10001u
#define FFA_V1_2 0x10002u
#define FFA_V1_3 0x10003u

enum ffa_rule {
	FFA_OK = 0,
	FFA_TRUNCATED,           /* the buffer ends inside a fixed-size structure or array */
	FFA_COUNT_OVERFLOW,      /* base + count x size does not fit a u32 */
	FFA_OFFSET_PAST_END,     /* an offset points where its structure cannot fit */
	FFA_OFFSET_INTO_HEADER,  /* an offset points back into the header that holds it */
	FFA_MISALIGNED,          /* an offset or address without its required alignment */
	FFA_RESERVED_NONZERO,    /* a must-be-zero field or bit is set */
	FFA_ZERO_PAGE_COUNT,     /* an address range of 0 pages */
	FFA_PAGE_COUNT_MISMATCH, /* a composite's total is not the sum of its ranges */
	FFA_BAD_SIZE,            /* a size field or argument the layout does not allow */
	FFA_BAD_VALUE,           /* a field value outside its defined encodings */
	FFA_OVERLAP,             /* two structures share bytes, or two ranges share pages */
	FFA_RULE_COUNT
};

const char *ffa_rule_name(enum ffa_rule r);
/* Returns FFA_RULE_COUNT for an unknown name. */
enum ffa_rule ffa_rule_from_name(const char *name);

/* Rules an implementation may choose not to enforce (bounds rules can never be waived). */
#define FFA_WAIVE(r) (1u << (r))
#define FFA_WAIVABLE (FFA_WAIVE(FFA_MISALIGNED) | FFA_WAIVE(FFA_RESERVED_NONZERO) | \
		      FFA_WAIVE(FFA_ZERO_PAGE_COUNT) | FFA_WAIVE(FFA_PAGE_COUNT_MISMATCH) | \
		      FFA_WAIVE(FFA_BAD_VALUE) | FFA_WAIVE(FFA_OVERLAP))

struct ffa_error {
	enum ffa_rule rule;
	uint32_t offset;
	char field[96];
	char message[192];
};

struct ffa_range {
	uint64_t address;
	uint32_t page_count;
	uint32_t reserved;
};

struct ffa_composite {
	uint32_t offset;           /* where it sits in the decoded buffer */
	uint32_t total_page_count;
	uint32_t range_count;
	uint64_t reserved;
	struct ffa_range *ranges;  /* range_count entries, malloc'd */
};

/* ---- Endpoint RX/TX descriptor */
enum ffa_rxtx_form { FFA_RXTX_V1_1, FFA_RXTX_V1_0 };
enum ffa_rxtx_layout { FFA_RXTX_16_48, FFA_RXTX_12_44 };

struct ffa_rxtx {
	uint16_t sender_id;
	uint16_t reserved;
	enum ffa_rxtx_form form;
	uint32_t header_size;          /* 12, or 16 with the pad */
	uint32_t words[2];             /* the header words at 4 and 8: offsets (v1.1) or range counts (v1.0) */
	uint32_t rx_offset, tx_offset; /* where the composites sit */
	uint32_t pad;                  /* bytes 12..15 when header_size is 16 (not validated) */
	struct ffa_composite rx, tx;
	uint32_t length;               /* one past the last byte used */
};

struct ffa_rxtx_opts {
	enum ffa_rxtx_form form;
	enum ffa_rxtx_layout layout;   /* v1.0 form: header 16 or 12 bytes */
	int allow_unaligned_offsets;   /* Xen before d1b958a92c wrote 12/44 */
	unsigned waive;                /* FFA_WAIVE() bits */
};

int ffa_rxtx_decode(const uint8_t *b, size_t len, const struct ffa_rxtx_opts *o, struct ffa_rxtx *out,
		    struct ffa_error *err);
/* Lays out header, RX composite then TX composite, in the given layout (v1.1 form: RX at 16 or
 * 12, TX right after RX), setting d's offsets. Returns bytes written, 0 if cap is too small. */
size_t ffa_rxtx_encode(struct ffa_rxtx *d, enum ffa_rxtx_form form, enum ffa_rxtx_layout layout,
		       uint8_t *out, size_t cap);
/* Writes d as it is: header words, pad (when header_size is 16), both composites at their own
 * offsets, reserved values as given, into a zeroed buffer of len bytes. Returns 0 if something
 * would not fit. */
int ffa_rxtx_encode_at(const struct ffa_rxtx *d, uint8_t *out, size_t len);
void ffa_rxtx_free(struct ffa_rxtx *d);

/* ---- Memory transaction descriptor */
struct ffa_emad {
	uint16_t endpoint_id;
	uint8_t perm;
	uint8_t flags;
	uint32_t region_offs;
	uint8_t impdef[16];        /* 32-byte EMADs only */
	uint64_t reserved;
	int region;                /* index into ffa_memtx.regions, -1 for region_offs 0 */
};

struct ffa_memtx {
	uint32_t version;
	uint16_t sender_id;
	uint16_t attributes;
	uint32_t flags;
	uint64_t handle;
	uint64_t tag;
	uint32_t emad_size;
	uint32_t emad_count;
	uint32_t emad_offset;
	uint8_t reserved0;             /* v1.0: byte 3 */
	uint32_t reserved1;            /* v1.0: word at 24 */
	uint8_t reserved[12];          /* v1.1+: bytes 36..47 */
	struct ffa_emad *emads;
	uint32_t region_count;         /* distinct composites */
	struct ffa_composite *regions;
	uint32_t length;
};

struct ffa_memtx_opts {
	uint32_t version;
	unsigned waive;
};

int ffa_memtx_decode(const uint8_t *b, size_t len, const struct ffa_memtx_opts *o, struct ffa_memtx *out,
		     struct ffa_error *err);
/* Golden placement ([SPMC3.6]): header, EMADs at 32 (v1.0) or 48, then one composite shared by
 * every EMAD whose region index is >= 0. Uses d->emad_size (16, or 32 from v1.2). Returns bytes
 * written, 0 if cap is too small. */
size_t ffa_memtx_encode(const struct ffa_memtx *d, uint8_t *out, size_t cap);
/* Writes d exactly where its offsets say (emad_offset, each EMAD's region_offs and the regions'
 * offsets) into a zeroed buffer of len bytes. Returns 0 if something would not fit. */
int ffa_memtx_encode_at(const struct ffa_memtx *d, uint8_t *out, size_t len);
void ffa_memtx_free(struct ffa_memtx *d);

/* ---- Partition information descriptors (an array of count entries of size bytes) */
struct ffa_partinfo {
	uint16_t id;
	uint16_t exec_count;
	uint32_t properties;
	uint8_t uuid[16];
	uint8_t image_uuid[16];
	uint32_t ffa_version;
	uint32_t reserved;
};

int ffa_partinfo_decode(const uint8_t *b, size_t len, uint32_t count, uint32_t size, struct ffa_partinfo *out,
			uint32_t out_cap, struct ffa_error *err);
size_t ffa_partinfo_encode(const struct ffa_partinfo *e, uint32_t count, uint32_t size, uint8_t *out, size_t cap);

#endif
