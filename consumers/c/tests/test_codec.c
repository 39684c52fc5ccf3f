/* Self-test of the consumer's codecs on layouts written out byte by byte from the reference
 * tables (xen-ffa-revisions.md 2.6 and 2.7; spmc-implementations.md 3.1-3.6), so the codecs are
 * checked against the tables, not against themselves. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ffa_codec.h"

static void put(uint8_t *b, size_t off, uint64_t v, int size)
{
	for (int i = 0; i < size; i++)
		b[off + (size_t)i] = (uint8_t)(v >> (8 * i));
}

/* [SPMC3.2] canonical 80-byte blob: VM id 2, RX at 0x80000000, TX at 0x80001000, N = 1. */
static void canonical_rxtx(uint8_t b[80])
{
	memset(b, 0, 80);
	put(b, 0, 2, 2);
	put(b, 4, 16, 4);
	put(b, 8, 48, 4);
	put(b, 16, 1, 4);
	put(b, 20, 1, 4);
	put(b, 32, 0x80000000u, 8);
	put(b, 40, 1, 4);
	put(b, 48, 1, 4);
	put(b, 52, 1, 4);
	put(b, 64, 0x80001000u, 8);
	put(b, 72, 1, 4);
}

/* [XEN26] "old off" column: the 76-byte 12/44 blob. */
static void xen_old_rxtx(uint8_t b[76])
{
	memset(b, 0, 76);
	put(b, 0, 3, 2);
	put(b, 4, 12, 4);
	put(b, 8, 44, 4);
	put(b, 12, 1, 4);
	put(b, 16, 1, 4);
	put(b, 28, 0x40000000u, 8);
	put(b, 36, 1, 4);
	put(b, 44, 1, 4);
	put(b, 48, 1, 4);
	put(b, 60, 0x40005000u, 8);
	put(b, 68, 1, 4);
}

/* [XEN27] memory transaction for one SP receiver and two ranges (N = 2), v1.1 firmware. */
static void xen_share(uint8_t b[112])
{
	memset(b, 0, 112);
	put(b, 0, 1, 2);          /* sender VM 1 */
	put(b, 2, 0x2F, 2);
	put(b, 24, 16, 4);
	put(b, 28, 1, 4);
	put(b, 32, 48, 4);
	put(b, 48, 0x8001, 2);    /* SP id */
	put(b, 50, 0x02, 1);      /* RW */
	put(b, 52, 64, 4);
	put(b, 64, 3, 4);         /* total pages */
	put(b, 68, 2, 4);
	put(b, 80, 0x60000000u, 8);
	put(b, 88, 1, 4);
	put(b, 96, 0x60010000u, 8);
	put(b, 104, 2, 4);
}

static enum ffa_rule rxtx_rule(const uint8_t *b, size_t len, int allow_unaligned)
{
	struct ffa_rxtx d;
	struct ffa_error e;
	struct ffa_rxtx_opts o = {.form = FFA_RXTX_V1_1, .allow_unaligned_offsets = allow_unaligned};
	int ok = ffa_rxtx_decode(b, len, &o, &d, &e);
	ffa_rxtx_free(&d);
	return ok ? FFA_OK : e.rule;
}

static enum ffa_rule memtx_rule(const uint8_t *b, size_t len, uint32_t version)
{
	struct ffa_memtx d;
	struct ffa_error e;
	struct ffa_memtx_opts o = {.version = version};
	int ok = ffa_memtx_decode(b, len, &o, &d, &e);
	ffa_memtx_free(&d);
	return ok ? FFA_OK : e.rule;
}

static void test_rxtx(void)
{
	uint8_t b[80], t[80], out[128];
	struct ffa_rxtx d;
	struct ffa_error e;
	struct ffa_rxtx_opts o = {.form = FFA_RXTX_V1_1};
	canonical_rxtx(b);
	CHECK(ffa_rxtx_decode(b, 80, &o, &d, &e));
	CHECK(d.sender_id == 2 && d.rx_offset == 16 && d.tx_offset == 48 && d.length == 80);
	CHECK(d.rx.range_count == 1 && d.rx.ranges[0].address == 0x80000000u && d.rx.ranges[0].page_count == 1);
	CHECK(d.tx.total_page_count == 1 && d.tx.ranges[0].address == 0x80001000u);
	CHECK(ffa_rxtx_encode(&d, FFA_RXTX_V1_1, FFA_RXTX_16_48, out, sizeof(out)) == 80 && memcmp(out, b, 80) == 0);
	ffa_rxtx_free(&d);

	/* A 4 KiB buffer with the blob at its start decodes to the same 80 bytes. */
	uint8_t page[4096];
	memset(page, 0xAA, sizeof(page));
	memcpy(page, b, 80);
	put(page, 12, 0xAAAAAAAAu, 4); /* the pad Xen does not write */
	CHECK(ffa_rxtx_decode(page, sizeof(page), &o, &d, &e) && d.length == 80);
	ffa_rxtx_free(&d);

	uint8_t x[76];
	xen_old_rxtx(x);
	CHECK(rxtx_rule(x, 76, 0) == FFA_MISALIGNED);
	CHECK(rxtx_rule(x, 76, 1) == FFA_OK);
	CHECK(ffa_rxtx_decode(x, 76, &(struct ffa_rxtx_opts){.allow_unaligned_offsets = 1}, &d, &e));
	CHECK(d.rx_offset == 12 && d.tx_offset == 44 && d.length == 76 && d.tx.ranges[0].address == 0x40005000u);
	CHECK(ffa_rxtx_encode(&d, FFA_RXTX_V1_1, FFA_RXTX_12_44, out, sizeof(out)) == 76 && memcmp(out, x, 76) == 0);
	ffa_rxtx_free(&d);

	CHECK(rxtx_rule(b, 11, 0) == FFA_TRUNCATED);
	CHECK(rxtx_rule(b, 79, 0) == FFA_TRUNCATED);
	memcpy(t, b, 80); put(t, 2, 1, 2);
	CHECK(rxtx_rule(t, 80, 0) == FFA_RESERVED_NONZERO);
	memcpy(t, b, 80); put(t, 4, 8, 4);
	CHECK(rxtx_rule(t, 80, 0) == FFA_OFFSET_INTO_HEADER);
	memcpy(t, b, 80); put(t, 8, 72, 4);
	CHECK(rxtx_rule(t, 80, 0) == FFA_OFFSET_PAST_END);
	memcpy(t, b, 80); put(t, 8, 24, 4);
	CHECK(rxtx_rule(t, 80, 0) != FFA_OK); /* TX composite inside RX's */
	memcpy(t, b, 80); put(t, 8, 16, 4);
	CHECK(rxtx_rule(t, 80, 0) == FFA_OVERLAP);
	memcpy(t, b, 80); put(t, 24, 1, 8);
	CHECK(rxtx_rule(t, 80, 0) == FFA_RESERVED_NONZERO);
	memcpy(t, b, 80); put(t, 40, 0, 4);
	CHECK(rxtx_rule(t, 80, 0) == FFA_ZERO_PAGE_COUNT);
	memcpy(t, b, 80); put(t, 16, 2, 4);
	CHECK(rxtx_rule(t, 80, 0) == FFA_PAGE_COUNT_MISMATCH);
	memcpy(t, b, 80); put(t, 32, 0x80000800u, 8);
	CHECK(rxtx_rule(t, 80, 0) == FFA_MISALIGNED);
	memcpy(t, b, 80); put(t, 52, 0xFFFFFFFFu, 4);
	CHECK(rxtx_rule(t, 80, 0) == FFA_COUNT_OVERFLOW);
	memcpy(t, b, 80); put(t, 52, 2, 4);
	CHECK(rxtx_rule(t, 80, 0) == FFA_TRUNCATED);
}

static void test_memtx(void)
{
	uint8_t b[112], t[112], out[256];
	struct ffa_memtx d;
	struct ffa_error e;
	struct ffa_memtx_opts o = {.version = FFA_V1_1};
	xen_share(b);
	CHECK(ffa_memtx_decode(b, 112, &o, &d, &e));
	CHECK(d.sender_id == 1 && d.attributes == 0x2F && d.handle == 0 && d.emad_size == 16 && d.emad_count == 1);
	CHECK(d.emad_offset == 48 && d.emads[0].endpoint_id == 0x8001 && d.emads[0].perm == 2 && d.emads[0].region_offs == 64);
	CHECK(d.region_count == 1 && d.regions[0].total_page_count == 3 && d.regions[0].range_count == 2);
	CHECK(d.regions[0].ranges[1].address == 0x60010000u && d.regions[0].ranges[1].page_count == 2 && d.length == 112);
	CHECK(ffa_memtx_encode(&d, out, sizeof(out)) == 112 && memcmp(out, b, 112) == 0);
	ffa_memtx_free(&d);

	/* 32-byte EMADs are v1.2+ only [SPMC3.7]. */
	memcpy(t, b, 112); put(t, 24, 32, 4);
	CHECK(memtx_rule(t, 112, FFA_V1_1) == FFA_BAD_SIZE);
	memcpy(t, b, 112); put(t, 24, 24, 4);
	CHECK(memtx_rule(t, 112, FFA_V1_2) == FFA_BAD_SIZE);
	memcpy(t, b, 112); put(t, 32, 32, 4);
	CHECK(memtx_rule(t, 112, FFA_V1_1) == FFA_OFFSET_INTO_HEADER);
	memcpy(t, b, 112); put(t, 32, 56, 4);
	CHECK(memtx_rule(t, 112, FFA_V1_1) == FFA_MISALIGNED);
	memcpy(t, b, 112); put(t, 40, 1, 1);
	CHECK(memtx_rule(t, 112, FFA_V1_1) == FFA_RESERVED_NONZERO);
	memcpy(t, b, 112); put(t, 52, 16, 4);
	CHECK(memtx_rule(t, 112, FFA_V1_1) == FFA_OFFSET_INTO_HEADER); /* inside the 48-byte header */
	memcpy(t, b, 112); put(t, 52, 48, 4);
	CHECK(memtx_rule(t, 112, FFA_V1_1) == FFA_OVERLAP);            /* on the EMAD array itself */
	memcpy(t, b, 112); put(t, 52, 200, 4);
	CHECK(memtx_rule(t, 112, FFA_V1_1) == FFA_OFFSET_PAST_END);
	memcpy(t, b, 112); put(t, 96, 0x60000000u, 8);
	CHECK(memtx_rule(t, 112, FFA_V1_1) == FFA_OVERLAP);
	memcpy(t, b, 112); put(t, 28, 0x10000000u, 4);
	CHECK(memtx_rule(t, 112, FFA_V1_1) == FFA_COUNT_OVERFLOW);
	memcpy(t, b, 112); put(t, 28, 0, 4);
	CHECK(memtx_rule(t, 112, FFA_V1_1) == FFA_BAD_VALUE);
	memcpy(t, b, 112); put(t, 50, 0x12, 1);
	CHECK(memtx_rule(t, 112, FFA_V1_1) == FFA_RESERVED_NONZERO);
	CHECK(memtx_rule(b, 47, FFA_V1_1) == FFA_TRUNCATED);
	CHECK(memtx_rule(b, 100, FFA_V1_1) == FFA_TRUNCATED);

	/* [SPMC3.6] Linux v1.0 placement: header 32, EMAD at 32 (offset 48), composite at 48. */
	uint8_t v0[80];
	memset(v0, 0, sizeof(v0));
	put(v0, 0, 1, 2);
	put(v0, 2, 0x2F, 1);
	put(v0, 28, 1, 4);
	put(v0, 32, 0x8002, 2);
	put(v0, 34, 0x06, 1); /* RW, NX */
	put(v0, 36, 48, 4);
	put(v0, 48, 4, 4);
	put(v0, 52, 1, 4);
	put(v0, 64, 0x90000000u, 8);
	put(v0, 72, 4, 4);
	o.version = FFA_V1_0;
	CHECK(ffa_memtx_decode(v0, 80, &o, &d, &e) && d.emad_offset == 32 && d.emads[0].region_offs == 48 &&
	      d.regions[0].ranges[0].page_count == 4);
	CHECK(ffa_memtx_encode(&d, out, sizeof(out)) == 80 && memcmp(out, v0, 80) == 0);
	ffa_memtx_free(&d);
	put(v0, 3, 1, 1);
	CHECK(memtx_rule(v0, 80, FFA_V1_0) == FFA_RESERVED_NONZERO);

	/* [SPMC3.6] v1.2: EMAD size 32, composite at 80, constituents at 96; impdef kept. */
	uint8_t v2[112];
	memset(v2, 0, sizeof(v2));
	put(v2, 0, 1, 2);
	put(v2, 2, 0x2F, 2);
	put(v2, 24, 32, 4);
	put(v2, 28, 1, 4);
	put(v2, 32, 48, 4);
	put(v2, 48, 0x8001, 2);
	put(v2, 50, 2, 1);
	put(v2, 52, 80, 4);
	for (int i = 0; i < 16; i++)
		v2[56 + i] = (uint8_t)(0xA0 + i);
	put(v2, 80, 1, 4);
	put(v2, 84, 1, 4);
	put(v2, 96, 0x70000000u, 8);
	put(v2, 104, 1, 4);
	o.version = FFA_V1_2;
	CHECK(ffa_memtx_decode(v2, 112, &o, &d, &e) && d.emad_size == 32 && d.emads[0].impdef[15] == 0xAF);
	CHECK(ffa_memtx_encode(&d, out, sizeof(out)) == 112 && memcmp(out, v2, 112) == 0);
	ffa_memtx_free(&d);
	put(v2, 72, 1, 1);
	CHECK(memtx_rule(v2, 112, FFA_V1_2) == FFA_RESERVED_NONZERO);
}

static void test_partinfo(void)
{
	/* [SPMC3.1]: two v1.1 entries, then one v1.3 entry. */
	uint8_t b[48], out[96];
	struct ffa_partinfo p[2];
	struct ffa_error e;
	memset(b, 0, sizeof(b));
	put(b, 0, 0x8001, 2);
	put(b, 2, 4, 2);
	put(b, 4, 0x103, 4);
	for (int i = 0; i < 16; i++)
		b[8 + i] = (uint8_t)i;
	put(b, 24, 0x8002, 2);
	put(b, 26, 1, 2);
	CHECK(ffa_partinfo_decode(b, 48, 2, 24, p, 2, &e));
	CHECK(p[0].id == 0x8001 && p[0].exec_count == 4 && p[0].properties == 0x103 && p[0].uuid[15] == 15);
	CHECK(p[1].id == 0x8002 && p[1].exec_count == 1);
	CHECK(ffa_partinfo_encode(p, 2, 24, out, sizeof(out)) == 48 && memcmp(out, b, 48) == 0);
	CHECK(!ffa_partinfo_decode(b, 47, 2, 24, p, 2, &e) && e.rule == FFA_TRUNCATED);
	CHECK(!ffa_partinfo_decode(b, 48, 2, 16, p, 2, &e) && e.rule == FFA_BAD_SIZE);
	CHECK(ffa_partinfo_decode(b, 48, 6, 8, p, 2, &e) == 0); /* more than the caller holds */

	uint8_t c[48];
	memset(c, 0, sizeof(c));
	put(c, 0, 0x8003, 2);
	put(c, 40, 0x10003, 4);
	c[24] = 0x55;
	CHECK(ffa_partinfo_decode(c, 48, 1, 48, p, 2, &e) && p[0].ffa_version == 0x10003 && p[0].image_uuid[0] == 0x55);
	CHECK(ffa_partinfo_encode(p, 1, 48, out, sizeof(out)) == 48 && memcmp(out, c, 48) == 0);
	put(c, 44, 1, 4);
	CHECK(!ffa_partinfo_decode(c, 48, 1, 48, p, 2, &e) && e.rule == FFA_RESERVED_NONZERO);
}

int main(void)
{
	test_rxtx();
	test_memtx();
	test_partinfo();
	CHECK(ffa_rule_from_name("page-count-mismatch") == FFA_PAGE_COUNT_MISMATCH);
	CHECK(ffa_rule_from_name("nope") == FFA_RULE_COUNT);
	return check_report("test_codec");
}
