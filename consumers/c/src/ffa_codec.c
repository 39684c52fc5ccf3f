/* FF-A descriptor decoders, validators and encoders (Arm DEN0077 v1.0-v1.3) over the packed
 * layouts of ffa_wire.h. Bounds are checked in 64-bit arithmetic before any read; the checks a
 * C implementation would do in u32 arithmetic are reported as count-overflow. */
#include "ffa_codec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ffa_wire.h"

static const char *const rule_names[FFA_RULE_COUNT] = {
	[FFA_OK] = "ok",
	[FFA_TRUNCATED] = "truncated",
	[FFA_COUNT_OVERFLOW] = "count-overflow",
	[FFA_OFFSET_PAST_END] = "offset-past-end",
	[FFA_OFFSET_INTO_HEADER] = "offset-into-header",
	[FFA_MISALIGNED] = "misaligned",
	[FFA_RESERVED_NONZERO] = "reserved-nonzero",
	[FFA_ZERO_PAGE_COUNT] = "zero-page-count",
	[FFA_PAGE_COUNT_MISMATCH] = "page-count-mismatch",
	[FFA_BAD_SIZE] = "bad-size",
	[FFA_BAD_VALUE] = "bad-value",
	[FFA_OVERLAP] = "overlap",
};

const char *ffa_rule_name(enum ffa_rule r)
{
	return (unsigned)r < FFA_RULE_COUNT ? rule_names[r] : "?";
}

enum ffa_rule ffa_rule_from_name(const char *name)
{
	for (int r = 1; r < FFA_RULE_COUNT; r++)
		if (strcmp(rule_names[r], name) == 0)
			return (enum ffa_rule)r;
	return FFA_RULE_COUNT;
}

#define U32_MAX_ 0xFFFFFFFFull

/* Records the first failure. Returns 0 so callers can write `return fail(...)`. */
static int fail(struct ffa_error *e, enum ffa_rule rule, uint64_t offset, const char *field, const char *fmt, ...)
{
	e->rule = rule;
	e->offset = (uint32_t)offset;
	snprintf(e->field, sizeof(e->field), "%s", field);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	return 0;
}

static int enforced(unsigned waive, enum ffa_rule r)
{
	return !(waive & FFA_WAIVE(r) & FFA_WAIVABLE);
}

/* ---------------------------------------------------------------- composites */

/* Reads the composite whose 16-byte header the caller has checked fits at off. Checks run in
 * offset order: count (4), reserved (8), the range array, each range; then the checks that need
 * every range: overlap, and the total at 0. */
static int read_composite(const uint8_t *b, size_t len, uint64_t off, const char *path, unsigned waive,
			  struct ffa_composite *out, struct ffa_error *err)
{
	char f[96];
	struct ffa_wire_composite h;
	memcpy(&h, b + off, sizeof(h));
	out->offset = (uint32_t)off;
	out->total_page_count = h.total_page_count;
	out->range_count = h.address_range_count;
	out->reserved = h.reserved;
	out->ranges = NULL;
	uint64_t count_at = off + offsetof(struct ffa_wire_composite, address_range_count);
	if (h.address_range_count == 0 && enforced(waive, FFA_BAD_VALUE)) {
		snprintf(f, sizeof(f), "%s.address_range_count", path);
		return fail(err, FFA_BAD_VALUE, count_at, f, "composite with no address range");
	}
	uint64_t arr = off + sizeof(struct ffa_wire_composite);
	uint64_t end = arr + (uint64_t)h.address_range_count * sizeof(struct ffa_wire_constituent);
	if (end > U32_MAX_) {
		snprintf(f, sizeof(f), "%s.address_range_count", path);
		return fail(err, FFA_COUNT_OVERFLOW, count_at, f, "%u ranges overflow 32 bits", h.address_range_count);
	}
	if (h.reserved != 0 && enforced(waive, FFA_RESERVED_NONZERO)) {
		snprintf(f, sizeof(f), "%s.reserved", path);
		return fail(err, FFA_RESERVED_NONZERO, off + offsetof(struct ffa_wire_composite, reserved), f,
			    "composite reserved bytes are not zero");
	}
	if (end > len) {
		uint64_t k = (len > arr ? len - arr : 0) / sizeof(struct ffa_wire_constituent);
		snprintf(f, sizeof(f), "%s.ranges[%llu]", path, (unsigned long long)k);
		return fail(err, FFA_TRUNCATED, arr + 16 * k, f, "buffer ends inside the range array");
	}
	out->ranges = calloc(h.address_range_count ? h.address_range_count : 1, sizeof(struct ffa_range));
	if (out->ranges == NULL)
		return fail(err, FFA_BAD_SIZE, off, path, "out of memory");
	uint64_t sum = 0;
	for (uint32_t i = 0; i < h.address_range_count; i++) {
		uint64_t at = arr + 16ull * i;
		struct ffa_wire_constituent c;
		memcpy(&c, b + at, sizeof(c));
		out->ranges[i].address = c.address;
		out->ranges[i].page_count = c.page_count;
		out->ranges[i].reserved = c.reserved;
		if (c.address % FFA_PAGE_SIZE != 0 && enforced(waive, FFA_MISALIGNED)) {
			snprintf(f, sizeof(f), "%s.ranges[%u].address", path, i);
			return fail(err, FFA_MISALIGNED, at, f, "address not 4 KiB aligned");
		}
		if (c.page_count == 0 && enforced(waive, FFA_ZERO_PAGE_COUNT)) {
			snprintf(f, sizeof(f), "%s.ranges[%u].page_count", path, i);
			return fail(err, FFA_ZERO_PAGE_COUNT, at + 8, f, "range of 0 pages");
		}
		/* The range must not run past the top of the 64-bit address space: pages * 4 KiB fits a
		 * u64 (at most 2^44), and 2^64 - address is computed as -address for address != 0. */
		uint64_t span = (uint64_t)c.page_count * FFA_PAGE_SIZE;
		if (c.address != 0 && span > (uint64_t)0 - c.address && enforced(waive, FFA_BAD_VALUE)) {
			snprintf(f, sizeof(f), "%s.ranges[%u].address", path, i);
			return fail(err, FFA_BAD_VALUE, at, f, "range of %u pages wraps the address space", c.page_count);
		}
		if (c.reserved != 0 && enforced(waive, FFA_RESERVED_NONZERO)) {
			snprintf(f, sizeof(f), "%s.ranges[%u].reserved", path, i);
			return fail(err, FFA_RESERVED_NONZERO, at + 12, f, "range reserved word not zero");
		}
		sum += c.page_count;
	}
	if (enforced(waive, FFA_OVERLAP)) {
		for (uint32_t j = 1; j < h.address_range_count; j++) {
			for (uint32_t i = 0; i < j; i++) {
				const struct ffa_range *a = &out->ranges[i], *c = &out->ranges[j];
				if (a->page_count == 0 || c->page_count == 0)
					continue;
				/* Inclusive last pages, so a range ending at 2^64 does not wrap. */
				uint64_t a_last = a->address + ((uint64_t)a->page_count - 1) * FFA_PAGE_SIZE;
				uint64_t c_last = c->address + ((uint64_t)c->page_count - 1) * FFA_PAGE_SIZE;
				if (a->address <= c_last && c->address <= a_last) {
					snprintf(f, sizeof(f), "%s.ranges[%u].address", path, j);
					return fail(err, FFA_OVERLAP, arr + 16ull * j, f, "range %u shares pages with range %u", j, i);
				}
			}
		}
	}
	if (sum != h.total_page_count && enforced(waive, FFA_PAGE_COUNT_MISMATCH)) {
		snprintf(f, sizeof(f), "%s.total_page_count", path);
		return fail(err, FFA_PAGE_COUNT_MISMATCH, off, f, "total %u, ranges sum to %llu", h.total_page_count,
			    (unsigned long long)sum);
	}
	return 1;
}

static size_t composite_size(uint32_t range_count)
{
	return sizeof(struct ffa_wire_composite) + (size_t)range_count * sizeof(struct ffa_wire_constituent);
}

/* Returns 0 if the composite does not fit in len bytes at its offset. */
static int write_composite(uint8_t *out, size_t len, const struct ffa_composite *c)
{
	if ((uint64_t)c->offset + composite_size(c->range_count) > len)
		return 0;
	struct ffa_wire_composite h = {
		.total_page_count = c->total_page_count,
		.address_range_count = c->range_count,
		.reserved = c->reserved,
	};
	memcpy(out + c->offset, &h, sizeof(h));
	for (uint32_t i = 0; i < c->range_count; i++) {
		struct ffa_wire_constituent k = {
			.address = c->ranges[i].address,
			.page_count = c->ranges[i].page_count,
			.reserved = c->ranges[i].reserved,
		};
		memcpy(out + c->offset + sizeof(h) + 16u * i, &k, sizeof(k));
	}
	return 1;
}

/* ---------------------------------------------------------------- endpoint RX/TX descriptor */

/* The header's fields in offset order [SPMC3.2]: the first one the buffer cannot hold. */
static int rxtx_header_truncated(size_t len, enum ffa_rxtx_form form, struct ffa_error *err)
{
	static const struct {
		uint32_t off, size;
		const char *v11, *v10;
	} fields[] = {
		{offsetof(struct ffa_wire_rxtx_hdr_1_1, sender_id), 2, "sender_id", "sender_id"},
		{offsetof(struct ffa_wire_rxtx_hdr_1_1, reserved), 2, "reserved", "reserved"},
		{offsetof(struct ffa_wire_rxtx_hdr_1_1, rx_region_offs), 4, "rx_region_offs", "rx_range_count"},
		{offsetof(struct ffa_wire_rxtx_hdr_1_1, tx_region_offs), 4, "tx_region_offs", "tx_range_count"},
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].off + fields[i].size > len)
			return fail(err, FFA_TRUNCATED, fields[i].off, form == FFA_RXTX_V1_0 ? fields[i].v10 : fields[i].v11,
				    "the %zu-byte buffer ends inside the header", len);
	return 1;
}

/* v1.0 form ([XEN3] ffa_endpoint_rxtx_descriptor_1_0): words at 4/8 are range counts; the RX
 * composite follows the header (12 bytes, or 16 with the pad) and the TX composite follows it. */
static int rxtx_decode_v1_0(const uint8_t *b, size_t len, const struct ffa_rxtx_opts *o, struct ffa_rxtx *out,
			    struct ffa_error *err)
{
	struct ffa_wire_rxtx_hdr_1_0 h;
	memcpy(&h, b, sizeof(h));
	out->sender_id = h.sender_id;
	out->reserved = h.reserved;
	out->header_size = o->layout == FFA_RXTX_12_44 ? sizeof(struct ffa_wire_rxtx_hdr_1_0)
						       : sizeof(struct ffa_wire_rxtx_hdr_padded);
	if (h.reserved != 0 && enforced(o->waive, FFA_RESERVED_NONZERO))
		return fail(err, FFA_RESERVED_NONZERO, 2, "reserved", "reserved half-word not zero");
	if (len < out->header_size)
		return fail(err, FFA_TRUNCATED, sizeof(h), "padding", "buffer ends inside the 16-byte header");
	if (out->header_size > sizeof(h))
		memcpy(&out->pad, b + sizeof(h), 4);
	const char *names[2] = {"rx", "tx"};
	uint32_t counts[2] = {h.rx_range_count, h.tx_range_count};
	struct ffa_composite *sides[2] = {&out->rx, &out->tx};
	uint64_t at = out->header_size;
	for (int s = 0; s < 2; s++) {
		char f[48];
		snprintf(f, sizeof(f), "%s.total_page_count", names[s]);
		if (at + sizeof(struct ffa_wire_composite) > len)
			return fail(err, FFA_TRUNCATED, at, f, "buffer ends inside the %s composite header", names[s]);
		if (!read_composite(b, len, at, names[s], o->waive, sides[s], err))
			return 0;
		if (sides[s]->range_count != counts[s] && enforced(o->waive, FFA_BAD_VALUE)) {
			snprintf(f, sizeof(f), "%s_range_count", names[s]);
			return fail(err, FFA_BAD_VALUE, 4 + 4 * s, f, "header says %u ranges, the composite %u", counts[s],
				    sides[s]->range_count);
		}
		at += composite_size(sides[s]->range_count);
	}
	out->words[0] = h.rx_range_count;
	out->words[1] = h.tx_range_count;
	out->rx_offset = out->rx.offset;
	out->tx_offset = out->tx.offset;
	out->length = (uint32_t)at;
	return 1;
}

int ffa_rxtx_decode(const uint8_t *b, size_t len, const struct ffa_rxtx_opts *o, struct ffa_rxtx *out,
		    struct ffa_error *err)
{
	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	out->form = o->form;
	if (!rxtx_header_truncated(len, o->form, err))
		return 0;
	if (o->form == FFA_RXTX_V1_0)
		return rxtx_decode_v1_0(b, len, o, out, err);

	struct ffa_wire_rxtx_hdr_1_1 h;
	memcpy(&h, b, sizeof(h));
	out->sender_id = h.sender_id;
	out->reserved = h.reserved;
	out->words[0] = out->rx_offset = h.rx_region_offs;
	out->words[1] = out->tx_offset = h.tx_region_offs;
	out->header_size = sizeof(h);
	/* The pad is not part of the v1.1 structure; keep it when both composites leave room for it. */
	if (len >= sizeof(struct ffa_wire_rxtx_hdr_padded) && h.rx_region_offs >= 16 && h.tx_region_offs >= 16) {
		out->header_size = sizeof(struct ffa_wire_rxtx_hdr_padded);
		memcpy(&out->pad, b + offsetof(struct ffa_wire_rxtx_hdr_padded, pad), 4);
	}
	if (h.reserved != 0 && enforced(o->waive, FFA_RESERVED_NONZERO))
		return fail(err, FFA_RESERVED_NONZERO, offsetof(struct ffa_wire_rxtx_hdr_1_1, reserved), "reserved",
			    "reserved half-word not zero");
	const char *names[2] = {"rx", "tx"};
	uint32_t offs[2] = {h.rx_region_offs, h.tx_region_offs};
	uint32_t fields[2] = {offsetof(struct ffa_wire_rxtx_hdr_1_1, rx_region_offs),
			      offsetof(struct ffa_wire_rxtx_hdr_1_1, tx_region_offs)};
	struct ffa_composite *sides[2] = {&out->rx, &out->tx};
	for (int s = 0; s < 2; s++) {
		char f[32];
		snprintf(f, sizeof(f), "%s_region_offs", names[s]);
		if (offs[s] < sizeof(struct ffa_wire_rxtx_hdr_1_1))
			return fail(err, FFA_OFFSET_INTO_HEADER, fields[s], f, "offset %u inside the 12-byte header", offs[s]);
		if (offs[s] % 8 != 0 && !o->allow_unaligned_offsets && enforced(o->waive, FFA_MISALIGNED))
			return fail(err, FFA_MISALIGNED, fields[s], f, "offset %u not 8-byte aligned", offs[s]);
		if ((uint64_t)offs[s] + sizeof(struct ffa_wire_composite) > len)
			return fail(err, FFA_OFFSET_PAST_END, fields[s], f, "composite at %u does not fit in %zu bytes",
				    offs[s], len);
	}
	/* The composites in the order they sit in the buffer (TX may come first). */
	int first = offs[1] < offs[0] ? 1 : 0;
	for (int k = 0; k < 2; k++) {
		int s = k ? 1 - first : first;
		if (!read_composite(b, len, offs[s], names[s], o->waive, sides[s], err))
			return 0;
	}
	uint64_t ends[2] = {offs[0] + composite_size(out->rx.range_count), offs[1] + composite_size(out->tx.range_count)};
	if (offs[0] < ends[1] && offs[1] < ends[0] && enforced(o->waive, FFA_OVERLAP)) {
		int later = offs[0] > offs[1] ? 0 : 1;
		char f[32];
		snprintf(f, sizeof(f), "%s_region_offs", names[later]);
		return fail(err, FFA_OVERLAP, fields[later], f, "RX and TX composites share bytes");
	}
	out->length = (uint32_t)(ends[0] > ends[1] ? ends[0] : ends[1]);
	return 1;
}

int ffa_rxtx_encode_at(const struct ffa_rxtx *d, uint8_t *out, size_t len)
{
	if (len < d->header_size)
		return 0;
	memset(out, 0, len);
	struct ffa_wire_rxtx_hdr_1_1 h = {
		.sender_id = d->sender_id,
		.reserved = d->reserved,
		.rx_region_offs = d->words[0],
		.tx_region_offs = d->words[1],
	};
	memcpy(out, &h, sizeof(h));
	if (d->header_size == sizeof(struct ffa_wire_rxtx_hdr_padded))
		memcpy(out + offsetof(struct ffa_wire_rxtx_hdr_padded, pad), &d->pad, 4);
	return write_composite(out, len, &d->rx) && write_composite(out, len, &d->tx);
}

size_t ffa_rxtx_encode(struct ffa_rxtx *d, enum ffa_rxtx_form form, enum ffa_rxtx_layout layout,
		       uint8_t *out, size_t cap)
{
	d->form = form;
	d->header_size = layout == FFA_RXTX_12_44 ? sizeof(struct ffa_wire_rxtx_hdr_1_1)
						  : sizeof(struct ffa_wire_rxtx_hdr_padded);
	d->rx.offset = d->rx_offset = d->header_size;
	d->tx.offset = d->tx_offset = d->header_size + (uint32_t)composite_size(d->rx.range_count);
	d->words[0] = form == FFA_RXTX_V1_0 ? d->rx.range_count : d->rx_offset;
	d->words[1] = form == FFA_RXTX_V1_0 ? d->tx.range_count : d->tx_offset;
	size_t total = d->tx.offset + composite_size(d->tx.range_count);
	if (total > cap || !ffa_rxtx_encode_at(d, out, total))
		return 0;
	return total;
}

void ffa_rxtx_free(struct ffa_rxtx *d)
{
	free(d->rx.ranges);
	free(d->tx.ranges);
	d->rx.ranges = d->tx.ranges = NULL;
}

/* ---------------------------------------------------------------- memory transaction descriptor */

/* Memory region attributes [SPMC3.3]: [1:0] shareability, [3:2] cacheability, [5:4] type,
 * bit 6 NS (v1.1+); everything above is reserved (bits 7:6 in v1.0, 15:7 from v1.1). */
static int check_attributes(uint32_t version, uint32_t attr, unsigned waive, struct ffa_error *err)
{
	uint32_t reserved_mask = version == FFA_V1_0 ? 0xC0u : 0xFF80u;
	if ((attr & reserved_mask) && enforced(waive, FFA_RESERVED_NONZERO))
		return fail(err, FFA_RESERVED_NONZERO, 2, "mem_reg_attr", "reserved attribute bits set (0x%x)", attr);
	uint32_t type = (attr >> 4) & 3, cache = (attr >> 2) & 3, share = attr & 3;
	if (!enforced(waive, FFA_BAD_VALUE))
		return 1;
	if (type == 3)
		return fail(err, FFA_BAD_VALUE, 2, "mem_reg_attr", "memory type 3 is reserved");
	if (type == 2) {
		if (cache == 0 || cache == 2)
			return fail(err, FFA_BAD_VALUE, 2, "mem_reg_attr", "normal memory cacheability %u is reserved", cache);
		if (share == 1)
			return fail(err, FFA_BAD_VALUE, 2, "mem_reg_attr", "shareability 1 is reserved");
	}
	return 1;
}

struct hdr_field {
	uint32_t off, size;
	const char *name;
};

/* [SPMC3.3] / [XEN3]: the header fields in offset order, for "the buffer ends inside X". */
static const struct hdr_field memtx_1_0_fields[] = {
	{offsetof(struct ffa_wire_memtx_1_0, sender_id), 2, "sender_id"},
	{offsetof(struct ffa_wire_memtx_1_0, mem_reg_attr), 1, "mem_reg_attr"},
	{offsetof(struct ffa_wire_memtx_1_0, reserved0), 1, "reserved0"},
	{offsetof(struct ffa_wire_memtx_1_0, flags), 4, "flags"},
	{offsetof(struct ffa_wire_memtx_1_0, handle), 8, "handle"},
	{offsetof(struct ffa_wire_memtx_1_0, tag), 8, "tag"},
	{offsetof(struct ffa_wire_memtx_1_0, reserved1), 4, "reserved1"},
	{offsetof(struct ffa_wire_memtx_1_0, mem_access_count), 4, "mem_access_count"},
};
static const struct hdr_field memtx_1_1_fields[] = {
	{offsetof(struct ffa_wire_memtx_1_1, sender_id), 2, "sender_id"},
	{offsetof(struct ffa_wire_memtx_1_1, mem_reg_attr), 2, "mem_reg_attr"},
	{offsetof(struct ffa_wire_memtx_1_1, flags), 4, "flags"},
	{offsetof(struct ffa_wire_memtx_1_1, handle), 8, "handle"},
	{offsetof(struct ffa_wire_memtx_1_1, tag), 8, "tag"},
	{offsetof(struct ffa_wire_memtx_1_1, mem_access_size), 4, "mem_access_size"},
	{offsetof(struct ffa_wire_memtx_1_1, mem_access_count), 4, "mem_access_count"},
	{offsetof(struct ffa_wire_memtx_1_1, mem_access_offs), 4, "mem_access_offs"},
	{offsetof(struct ffa_wire_memtx_1_1, reserved), 12, "reserved"},
};

static int header_truncated(size_t len, const struct hdr_field *f, size_t n, struct ffa_error *err)
{
	for (size_t i = 0; i < n; i++)
		if ((size_t)f[i].off + f[i].size > len)
			return fail(err, FFA_TRUNCATED, f[i].off, f[i].name, "the %zu-byte buffer ends inside the header", len);
	return 1;
}

/* Checks run header (in offset order), then the EMAD array, then the composites. */
int ffa_memtx_decode(const uint8_t *b, size_t len, const struct ffa_memtx_opts *o, struct ffa_memtx *out,
		     struct ffa_error *err)
{
	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	unsigned waive = o->waive;
	out->version = o->version;
	uint64_t hdr_size;
	if (o->version == FFA_V1_0) {
		struct ffa_wire_memtx_1_0 h;
		hdr_size = sizeof(h);
		if (!header_truncated(len, memtx_1_0_fields, sizeof(memtx_1_0_fields) / sizeof(memtx_1_0_fields[0]), err))
			return 0;
		memcpy(&h, b, sizeof(h));
		out->sender_id = h.sender_id;
		out->attributes = h.mem_reg_attr;
		out->flags = h.flags;
		out->handle = h.handle;
		out->tag = h.tag;
		out->emad_size = sizeof(struct ffa_wire_emad_16);
		out->emad_count = h.mem_access_count;
		out->emad_offset = (uint32_t)hdr_size;
		out->reserved0 = h.reserved0;
		out->reserved1 = h.reserved1;
		if (!check_attributes(o->version, h.mem_reg_attr, waive, err))
			return 0;
		if (h.reserved0 && enforced(waive, FFA_RESERVED_NONZERO))
			return fail(err, FFA_RESERVED_NONZERO, offsetof(struct ffa_wire_memtx_1_0, reserved0), "reserved0",
				    "reserved byte 3 not zero");
		if (h.reserved1 && enforced(waive, FFA_RESERVED_NONZERO))
			return fail(err, FFA_RESERVED_NONZERO, offsetof(struct ffa_wire_memtx_1_0, reserved1), "reserved1",
				    "reserved word at 24 not zero");
	} else {
		struct ffa_wire_memtx_1_1 h;
		hdr_size = sizeof(h);
		if (!header_truncated(len, memtx_1_1_fields, sizeof(memtx_1_1_fields) / sizeof(memtx_1_1_fields[0]), err))
			return 0;
		memcpy(&h, b, sizeof(h));
		out->sender_id = h.sender_id;
		out->attributes = h.mem_reg_attr;
		out->flags = h.flags;
		out->handle = h.handle;
		out->tag = h.tag;
		out->emad_size = h.mem_access_size;
		out->emad_count = h.mem_access_count;
		out->emad_offset = h.mem_access_offs;
		memcpy(out->reserved, h.reserved, sizeof(out->reserved));
		if (!check_attributes(o->version, h.mem_reg_attr, waive, err))
			return 0;
		/* [SPMC3.3]/[SPMC3.7]: 16 for v1.1, 16 or 32 for a v1.2+ reader. */
		int size_ok = h.mem_access_size == sizeof(struct ffa_wire_emad_16) ||
			      (o->version >= FFA_V1_2 && h.mem_access_size == sizeof(struct ffa_wire_emad_32));
		if (!size_ok)
			return fail(err, FFA_BAD_SIZE, offsetof(struct ffa_wire_memtx_1_1, mem_access_size), "mem_access_size",
				    "EMAD size %u not allowed for this version", h.mem_access_size);
	}
	uint32_t count_at = offsetof(struct ffa_wire_memtx_1_1, mem_access_count);
	_Static_assert(offsetof(struct ffa_wire_memtx_1_1, mem_access_count) ==
			       offsetof(struct ffa_wire_memtx_1_0, mem_access_count),
		       "[SPMC3.3] EMAD count at 28 in both headers");
	if (out->emad_count == 0 && enforced(waive, FFA_BAD_VALUE))
		return fail(err, FFA_BAD_VALUE, count_at, "mem_access_count", "no receiver");
	uint64_t arr_end = (uint64_t)out->emad_offset + (uint64_t)out->emad_count * out->emad_size;
	if (arr_end > U32_MAX_)
		return fail(err, FFA_COUNT_OVERFLOW, count_at, "mem_access_count", "%u EMADs overflow 32 bits", out->emad_count);
	if (o->version != FFA_V1_0) {
		uint32_t offs_at = offsetof(struct ffa_wire_memtx_1_1, mem_access_offs);
		if (out->emad_offset < hdr_size)
			return fail(err, FFA_OFFSET_INTO_HEADER, offs_at, "mem_access_offs", "EMAD array at %u inside the 48-byte header",
				    out->emad_offset);
		if (out->emad_offset % 16 && enforced(waive, FFA_MISALIGNED))
			return fail(err, FFA_MISALIGNED, offs_at, "mem_access_offs", "EMAD array offset %u not 16-byte aligned",
				    out->emad_offset);
		if ((uint64_t)out->emad_offset + out->emad_size > len && out->emad_offset != hdr_size)
			return fail(err, FFA_OFFSET_PAST_END, offs_at, "mem_access_offs", "no room for an EMAD at %u",
				    out->emad_offset);
		for (int i = 0; i < 12; i++)
			if (out->reserved[i] && enforced(waive, FFA_RESERVED_NONZERO))
				return fail(err, FFA_RESERVED_NONZERO, offsetof(struct ffa_wire_memtx_1_1, reserved), "reserved",
					    "reserved bytes 36..47 not zero");
	}
	if (arr_end > len) {
		uint64_t k = (len > out->emad_offset ? len - out->emad_offset : 0) / out->emad_size;
		char f[48];
		snprintf(f, sizeof(f), "emads[%llu]", (unsigned long long)k);
		return fail(err, FFA_TRUNCATED, out->emad_offset + k * out->emad_size, f, "buffer ends inside the EMAD array");
	}
	out->emads = calloc(out->emad_count, sizeof(struct ffa_emad));
	out->regions = calloc(out->emad_count, sizeof(struct ffa_composite));
	if (out->emads == NULL || out->regions == NULL)
		return fail(err, FFA_BAD_SIZE, 0, "", "out of memory");

	/* The EMAD array [SPMC3.4]. */
	for (uint32_t i = 0; i < out->emad_count; i++) {
		uint64_t at = out->emad_offset + (uint64_t)i * out->emad_size;
		struct ffa_emad *e = &out->emads[i];
		struct ffa_wire_emad_16 w;
		uint64_t reserved_at;
		char f[64];
		memcpy(&w, b + at, sizeof(w));
		e->endpoint_id = w.access.endpoint_id;
		e->perm = w.access.perm;
		e->flags = w.access.flags;
		e->region_offs = w.region_offs;
		e->region = -1;
		if (out->emad_size == sizeof(struct ffa_wire_emad_32)) {
			struct ffa_wire_emad_32 w32;
			memcpy(&w32, b + at, sizeof(w32));
			memcpy(e->impdef, w32.impdef, 16);
			e->reserved = w32.reserved;
			reserved_at = at + offsetof(struct ffa_wire_emad_32, reserved);
		} else {
			e->reserved = w.reserved;
			reserved_at = at + offsetof(struct ffa_wire_emad_16, reserved);
		}
		uint64_t perm_at = at + offsetof(struct ffa_wire_emad_16, access) + offsetof(struct ffa_wire_mem_access_perm, perm);
		if ((e->perm & 0xF0) && enforced(waive, FFA_RESERVED_NONZERO)) {
			snprintf(f, sizeof(f), "emads[%u].access_perm.perm", i);
			return fail(err, FFA_RESERVED_NONZERO, perm_at, f, "permission bits [7:4] not zero");
		}
		if (((e->perm & 3) == 3 || ((e->perm >> 2) & 3) == 3) && enforced(waive, FFA_BAD_VALUE)) {
			snprintf(f, sizeof(f), "emads[%u].access_perm.perm", i);
			return fail(err, FFA_BAD_VALUE, perm_at, f, "permission encoding 3 is reserved");
		}
		uint64_t offs_at = at + offsetof(struct ffa_wire_emad_16, region_offs);
		snprintf(f, sizeof(f), "emads[%u].region_offs", i);
		if (e->region_offs != 0) {
			if (e->region_offs < hdr_size)
				return fail(err, FFA_OFFSET_INTO_HEADER, offs_at, f, "composite at %u inside the header", e->region_offs);
			if (e->region_offs < arr_end && e->region_offs + (uint64_t)sizeof(struct ffa_wire_composite) > out->emad_offset &&
			    enforced(waive, FFA_OVERLAP))
				return fail(err, FFA_OVERLAP, offs_at, f, "composite at %u overlaps the EMAD array", e->region_offs);
			if (e->region_offs % 8 && enforced(waive, FFA_MISALIGNED))
				return fail(err, FFA_MISALIGNED, offs_at, f, "composite offset %u not 8-byte aligned", e->region_offs);
			if ((uint64_t)e->region_offs + sizeof(struct ffa_wire_composite) > len)
				return fail(err, FFA_OFFSET_PAST_END, offs_at, f, "no room for a composite at %u", e->region_offs);
		}
		if (e->reserved && enforced(waive, FFA_RESERVED_NONZERO)) {
			snprintf(f, sizeof(f), "emads[%u].reserved", i);
			return fail(err, FFA_RESERVED_NONZERO, reserved_at, f, "EMAD reserved bytes not zero");
		}
		for (uint32_t j = 0; j < i; j++) {
			if (out->emads[j].endpoint_id == e->endpoint_id && enforced(waive, FFA_BAD_VALUE)) {
				snprintf(f, sizeof(f), "emads[%u].access_perm.endpoint_id", i);
				return fail(err, FFA_BAD_VALUE, at, f, "receiver 0x%04x listed twice", e->endpoint_id);
			}
		}
	}

	/* The composites [SPMC3.5], each distinct offset once. */
	uint64_t end = arr_end;
	for (uint32_t i = 0; i < out->emad_count; i++) {
		struct ffa_emad *e = &out->emads[i];
		if (e->region_offs == 0)
			continue;
		for (uint32_t r = 0; r < out->region_count && e->region < 0; r++)
			if (out->regions[r].offset == e->region_offs)
				e->region = (int)r;
		if (e->region >= 0)
			continue;
		struct ffa_composite *c = &out->regions[out->region_count];
		if (!read_composite(b, len, e->region_offs, "composite", waive, c, err)) {
			free(c->ranges);
			c->ranges = NULL;
			return 0;
		}
		uint64_t c_end = e->region_offs + composite_size(c->range_count);
		/* A second, different composite must not share bytes with one already read. */
		for (uint32_t r = 0; r < out->region_count; r++) {
			uint64_t o_start = out->regions[r].offset;
			uint64_t o_end = o_start + composite_size(out->regions[r].range_count);
			if (e->region_offs < o_end && o_start < c_end && enforced(waive, FFA_OVERLAP)) {
				free(c->ranges);
				c->ranges = NULL;
				char f[64];
				snprintf(f, sizeof(f), "emads[%u].region_offs", i);
				return fail(err, FFA_OVERLAP, out->emad_offset + (uint64_t)i * out->emad_size + 4, f,
					    "composite at %u overlaps the one at %llu", e->region_offs, (unsigned long long)o_start);
			}
		}
		e->region = (int)out->region_count++;
		if (c_end > end)
			end = c_end;
	}
	out->length = (uint32_t)end;
	return 1;
}

int ffa_memtx_encode_at(const struct ffa_memtx *d, uint8_t *out, size_t len)
{
	int v10 = d->version == FFA_V1_0;
	size_t hdr = v10 ? sizeof(struct ffa_wire_memtx_1_0) : sizeof(struct ffa_wire_memtx_1_1);
	size_t emad_size = v10 ? sizeof(struct ffa_wire_emad_16) : d->emad_size;
	if (emad_size != sizeof(struct ffa_wire_emad_16) && emad_size != sizeof(struct ffa_wire_emad_32))
		return 0;
	if (len < hdr || (uint64_t)d->emad_offset + (uint64_t)emad_size * d->emad_count > len)
		return 0;
	memset(out, 0, len);
	if (v10) {
		struct ffa_wire_memtx_1_0 h = {
			.sender_id = d->sender_id,
			.mem_reg_attr = (uint8_t)d->attributes,
			.reserved0 = d->reserved0,
			.flags = d->flags,
			.handle = d->handle,
			.tag = d->tag,
			.reserved1 = d->reserved1,
			.mem_access_count = d->emad_count,
		};
		memcpy(out, &h, sizeof(h));
	} else {
		struct ffa_wire_memtx_1_1 h = {
			.sender_id = d->sender_id,
			.mem_reg_attr = d->attributes,
			.flags = d->flags,
			.handle = d->handle,
			.tag = d->tag,
			.mem_access_size = (uint32_t)emad_size,
			.mem_access_count = d->emad_count,
			.mem_access_offs = d->emad_offset,
		};
		memcpy(h.reserved, d->reserved, sizeof(h.reserved));
		memcpy(out, &h, sizeof(h));
	}
	for (uint32_t i = 0; i < d->emad_count; i++) {
		const struct ffa_emad *e = &d->emads[i];
		uint8_t *p = out + d->emad_offset + emad_size * i;
		if (emad_size == sizeof(struct ffa_wire_emad_32)) {
			struct ffa_wire_emad_32 w = {
				.access = {e->endpoint_id, e->perm, e->flags},
				.region_offs = e->region_offs,
				.reserved = e->reserved,
			};
			memcpy(w.impdef, e->impdef, 16);
			memcpy(p, &w, sizeof(w));
		} else {
			struct ffa_wire_emad_16 w = {
				.access = {e->endpoint_id, e->perm, e->flags},
				.region_offs = e->region_offs,
				.reserved = e->reserved,
			};
			memcpy(p, &w, sizeof(w));
		}
	}
	for (uint32_t r = 0; r < d->region_count; r++)
		if (!write_composite(out, len, &d->regions[r]))
			return 0;
	return 1;
}

size_t ffa_memtx_encode(const struct ffa_memtx *d, uint8_t *out, size_t cap)
{
	/* Golden placement [SPMC3.6]: EMADs right after the header, one composite after them. */
	struct ffa_memtx c = *d;
	int v10 = d->version == FFA_V1_0;
	size_t hdr = v10 ? sizeof(struct ffa_wire_memtx_1_0) : sizeof(struct ffa_wire_memtx_1_1);
	c.emad_size = v10 ? sizeof(struct ffa_wire_emad_16) : d->emad_size;
	c.emad_offset = (uint32_t)hdr;
	uint32_t region_at = (uint32_t)(hdr + (size_t)c.emad_size * d->emad_count);
	struct ffa_emad emads[64];
	struct ffa_composite region;
	if (d->emad_count > 64)
		return 0;
	int region_index = -1;
	for (uint32_t i = 0; i < d->emad_count; i++) {
		emads[i] = d->emads[i];
		if (d->emads[i].region >= 0)
			region_index = d->emads[i].region;
		emads[i].region_offs = d->emads[i].region >= 0 ? region_at : 0;
	}
	c.emads = emads;
	c.region_count = 0;
	size_t total = region_at;
	if (region_index >= 0) {
		region = d->regions[region_index];
		region.offset = region_at;
		c.regions = &region;
		c.region_count = 1;
		total += composite_size(region.range_count);
	}
	if (total > cap || !ffa_memtx_encode_at(&c, out, total))
		return 0;
	return total;
}

void ffa_memtx_free(struct ffa_memtx *d)
{
	if (d->regions)
		for (uint32_t r = 0; r < d->region_count; r++)
			free(d->regions[r].ranges);
	free(d->regions);
	free(d->emads);
	d->regions = NULL;
	d->emads = NULL;
}

/* ---------------------------------------------------------------- partition info */

int ffa_partinfo_decode(const uint8_t *b, size_t len, uint32_t count, uint32_t size, struct ffa_partinfo *out,
			uint32_t out_cap, struct ffa_error *err)
{
	memset(err, 0, sizeof(*err));
	if (size != sizeof(struct ffa_wire_partinfo_8) && size != sizeof(struct ffa_wire_partinfo_24) &&
	    size != sizeof(struct ffa_wire_partinfo_48))
		return fail(err, FFA_BAD_SIZE, 0, "size", "descriptor size %u is not 8, 24 or 48", size);
	uint64_t total = (uint64_t)count * size;
	if (total > U32_MAX_)
		return fail(err, FFA_COUNT_OVERFLOW, 0, "count", "%u entries of %u bytes overflow 32 bits", count, size);
	if (total > len) {
		uint64_t k = len / size;
		char f[32];
		snprintf(f, sizeof(f), "entries[%llu]", (unsigned long long)k);
		return fail(err, FFA_TRUNCATED, k * size, f, "buffer ends inside entry %llu", (unsigned long long)k);
	}
	if (count > out_cap)
		return fail(err, FFA_BAD_SIZE, 0, "count", "more entries than this consumer holds");
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *p = b + (size_t)i * size;
		struct ffa_partinfo *e = &out[i];
		memset(e, 0, sizeof(*e));
		struct ffa_wire_partinfo_8 base;
		memcpy(&base, p, sizeof(base));
		e->id = base.id;
		e->exec_count = base.exec_count;
		e->properties = base.properties;
		if (size >= sizeof(struct ffa_wire_partinfo_24))
			memcpy(e->uuid, p + offsetof(struct ffa_wire_partinfo_24, uuid), 16);
		if (size == sizeof(struct ffa_wire_partinfo_48)) {
			struct ffa_wire_partinfo_48 w;
			memcpy(&w, p, sizeof(w));
			memcpy(e->image_uuid, w.image_uuid, 16);
			e->ffa_version = w.ffa_version;
			if (w.reserved) {
				char f[40];
				snprintf(f, sizeof(f), "entries[%u].reserved", i);
				return fail(err, FFA_RESERVED_NONZERO, (uint64_t)i * size + offsetof(struct ffa_wire_partinfo_48, reserved),
					    f, "reserved word not zero");
			}
		}
	}
	return 1;
}

size_t ffa_partinfo_encode(const struct ffa_partinfo *e, uint32_t count, uint32_t size, uint8_t *out, size_t cap)
{
	size_t total = (size_t)count * size;
	if (total > cap || (size != 8 && size != 24 && size != 48))
		return 0;
	memset(out, 0, total);
	for (uint32_t i = 0; i < count; i++) {
		struct ffa_wire_partinfo_48 w = {
			.base = {e[i].id, e[i].exec_count, e[i].properties},
			.ffa_version = e[i].ffa_version,
			.reserved = 0,
		};
		memcpy(w.uuid, e[i].uuid, 16);
		memcpy(w.image_uuid, e[i].image_uuid, 16);
		memcpy(out + (size_t)i * size, &w, size);
	}
	return total;
}
