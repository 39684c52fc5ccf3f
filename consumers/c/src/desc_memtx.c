/* Memory transaction descriptor vectors (group type MemTransactionDescriptor): layouts
 * v1.0-header-32 and v1.1-header-48, EMADs of the group's emadSize, read as the group's
 * ffaVersion. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desc.h"

static int emit_rows(const struct ffa_memtx *d, struct rows *t)
{
	int ok = rows_add(t, "sender_id", 0, 2, d->sender_id);
	if (d->version == FFA_V1_0) {
		ok &= rows_add(t, "mem_reg_attr", 2, 1, d->attributes);
		ok &= rows_add(t, "reserved0", 3, 1, d->reserved0);
	} else {
		ok &= rows_add(t, "mem_reg_attr", 2, 2, d->attributes);
	}
	ok &= rows_add(t, "flags", 4, 4, d->flags);
	ok &= rows_add(t, "handle", 8, 8, d->handle);
	ok &= rows_add(t, "tag", 16, 8, d->tag);
	if (d->version == FFA_V1_0) {
		ok &= rows_add(t, "reserved1", 24, 4, d->reserved1);
		ok &= rows_add(t, "mem_access_count", 28, 4, d->emad_count);
	} else {
		ok &= rows_add(t, "mem_access_size", 24, 4, d->emad_size);
		ok &= rows_add(t, "mem_access_count", 28, 4, d->emad_count);
		ok &= rows_add(t, "mem_access_offs", 32, 4, d->emad_offset);
		ok &= rows_add_bytes(t, "reserved", 36, 12, d->reserved);
	}
	for (uint32_t i = 0; i < d->emad_count; i++) {
		const struct ffa_emad *e = &d->emads[i];
		uint32_t at = d->emad_offset + i * d->emad_size;
		char n[80];
		snprintf(n, sizeof(n), "emads[%u].access_perm.endpoint_id", i);
		ok &= rows_add(t, n, at, 2, e->endpoint_id);
		snprintf(n, sizeof(n), "emads[%u].access_perm.perm", i);
		ok &= rows_add(t, n, at + 2, 1, e->perm);
		snprintf(n, sizeof(n), "emads[%u].access_perm.flags", i);
		ok &= rows_add(t, n, at + 3, 1, e->flags);
		snprintf(n, sizeof(n), "emads[%u].region_offs", i);
		ok &= rows_add(t, n, at + 4, 4, e->region_offs);
		if (d->emad_size == 32) {
			snprintf(n, sizeof(n), "emads[%u].impdef", i);
			ok &= rows_add_bytes(t, n, at + 8, 16, e->impdef);
			snprintf(n, sizeof(n), "emads[%u].reserved", i);
			ok &= rows_add(t, n, at + 24, 8, e->reserved);
		} else {
			snprintf(n, sizeof(n), "emads[%u].reserved", i);
			ok &= rows_add(t, n, at + 8, 8, e->reserved);
		}
	}
	/* The vectors name the (shared) composite "composite"; further distinct ones get an index. */
	for (uint32_t r = 0; r < d->region_count; r++) {
		char n[32];
		if (r == 0)
			snprintf(n, sizeof(n), "composite");
		else
			snprintf(n, sizeof(n), "composites[%u]", r);
		ok &= desc_emit_composite(t, n, &d->regions[r]);
	}
	return ok;
}

static int raw(const struct rows *t, const char *name, uint8_t *dst, uint32_t size, int *missing)
{
	const struct row *r = rows_find(t, name);
	if (r == NULL || !r->is_bytes || r->size != size) {
		*missing = 1;
		return 0;
	}
	memcpy(dst, r->raw, size);
	return 1;
}

/* Builds the descriptor from the vector's field table alone (never from the bytes). */
static int model_from_rows(const struct rows *t, uint32_t version, struct ffa_memtx *d, char *why, size_t n)
{
	int missing = 0;
	memset(d, 0, sizeof(*d));
	d->version = version;
	d->sender_id = (uint16_t)desc_row_value(t, "sender_id", &missing);
	d->attributes = (uint16_t)desc_row_value(t, "mem_reg_attr", &missing);
	d->flags = (uint32_t)desc_row_value(t, "flags", &missing);
	d->handle = desc_row_value(t, "handle", &missing);
	d->tag = desc_row_value(t, "tag", &missing);
	d->emad_count = (uint32_t)desc_row_value(t, "mem_access_count", &missing);
	if (version == FFA_V1_0) {
		d->reserved0 = (uint8_t)desc_row_value(t, "reserved0", &missing);
		d->reserved1 = (uint32_t)desc_row_value(t, "reserved1", &missing);
		d->emad_size = 16;
		d->emad_offset = 32;
	} else {
		d->emad_size = (uint32_t)desc_row_value(t, "mem_access_size", &missing);
		d->emad_offset = (uint32_t)desc_row_value(t, "mem_access_offs", &missing);
		raw(t, "reserved", d->reserved, 12, &missing);
	}
	if (missing || d->emad_count > 64) {
		snprintf(why, n, "header rows missing or more than 64 EMADs");
		return 0;
	}
	d->emads = calloc(d->emad_count ? d->emad_count : 1, sizeof(struct ffa_emad));
	d->regions = calloc(1, sizeof(struct ffa_composite));
	if (d->emads == NULL || d->regions == NULL) {
		snprintf(why, n, "out of memory");
		return 0;
	}
	const struct row *total = rows_find(t, "composite.total_page_count");
	for (uint32_t i = 0; i < d->emad_count; i++) {
		struct ffa_emad *e = &d->emads[i];
		char name[80];
		snprintf(name, sizeof(name), "emads[%u].access_perm.endpoint_id", i);
		e->endpoint_id = (uint16_t)desc_row_value(t, name, &missing);
		snprintf(name, sizeof(name), "emads[%u].access_perm.perm", i);
		e->perm = (uint8_t)desc_row_value(t, name, &missing);
		snprintf(name, sizeof(name), "emads[%u].access_perm.flags", i);
		e->flags = (uint8_t)desc_row_value(t, name, &missing);
		snprintf(name, sizeof(name), "emads[%u].region_offs", i);
		e->region_offs = (uint32_t)desc_row_value(t, name, &missing);
		snprintf(name, sizeof(name), "emads[%u].reserved", i);
		e->reserved = desc_row_value(t, name, &missing);
		if (d->emad_size == 32) {
			snprintf(name, sizeof(name), "emads[%u].impdef", i);
			raw(t, name, e->impdef, 16, &missing);
		}
		e->region = -1;
		if (e->region_offs != 0) {
			if (total == NULL || total->offset != e->region_offs) {
				snprintf(why, n, "emads[%u].region_offs %u does not name the composite's row", i, e->region_offs);
				return 0;
			}
			e->region = 0;
		}
	}
	if (total != NULL) {
		struct ffa_composite *c = &d->regions[0];
		d->region_count = 1;
		if (!desc_composite_from_rows(t, "composite", total, c, why, n))
			return 0;
	}
	if (missing) {
		snprintf(why, n, "an EMAD or range row is missing");
		return 0;
	}
	return 1;
}

void check_memtx(struct report *r, const struct desc_test *t)
{
	const char *layout = json_get_string(t->group, "layout");
	uint32_t version = desc_parse_version(json_get_string(t->group, "ffaVersion"));
	int64_t emad_size = 0;
	if (version == 0 || layout == NULL || !json_get_int(t->group, "emadSize", &emad_size)) {
		report_fail(r, "group needs ffaVersion, layout and emadSize");
		return;
	}
	int v10_layout = strcmp(layout, "v1.0-header-32") == 0;
	if (!v10_layout && strcmp(layout, "v1.1-header-48") != 0) {
		report_fail(r, "unknown MemTransactionDescriptor layout %s", layout);
		return;
	}
	if (v10_layout != (version == FFA_V1_0)) {
		report_fail(r, "layout %s does not go with FF-A version 0x%x", layout, version);
		return;
	}
	struct ffa_memtx_opts strict = {.version = version};
	struct ffa_memtx d;
	struct ffa_error e;
	int ok = ffa_memtx_decode(t->bytes, t->len, &strict, &d, &e);
	if (t->result == RESULT_INVALID || (t->result == RESULT_ACCEPTABLE && t->has_error)) {
		if (ok)
			report_fail(r, "this consumer's decoder accepts bytes the vector says break %s", ffa_rule_name(t->error_rule));
		else
			desc_expect_error(r, t, &e, "strict decode");
		ffa_memtx_free(&d);
		if (t->result == RESULT_INVALID)
			return;
		strict.waive = FFA_WAIVE(t->error_rule);
		ok = ffa_memtx_decode(t->bytes, t->len, &strict, &d, &e);
	}
	if (!ok) {
		report_fail(r, "this consumer refuses a %s vector: %s at %s (offset %u): %s",
			    t->result == RESULT_VALID ? "valid" : "acceptable", ffa_rule_name(e.rule), e.field, e.offset,
			    e.message);
		ffa_memtx_free(&d);
		return;
	}
	if (d.emad_size != (uint64_t)emad_size)
		report_fail(r, "decoded EMAD size %u, the group says %lld", d.emad_size, (long long)emad_size);

	struct rows mine;
	rows_init(&mine);
	if (!emit_rows(&d, &mine))
		report_fail(r, "out of memory");
	else
		desc_expect_rows(r, t, &mine);
	rows_free(&mine);

	/* The golden placement (EMADs right after the header, one shared composite after them) is
	 * what every sender in [SPMC3.6] writes: re-encode the decoded value that way too. */
	if (d.region_count <= 1 && d.length == t->len) {
		uint8_t *out = malloc(t->len ? t->len : 1);
		size_t n = out ? ffa_memtx_encode(&d, out, t->len) : 0;
		if (n == t->len && memcmp(out, t->bytes, n) == 0) {
			/* canonical placement */
		} else if (d.emad_offset == (version == FFA_V1_0 ? 32u : 48u)) {
			report_fail(r, "the golden-placement encoder does not reproduce a descriptor in golden placement");
		}
		free(out);
	}
	ffa_memtx_free(&d);

	char why[160];
	struct ffa_memtx m;
	if (!model_from_rows(&t->rows, version, &m, why, sizeof(why))) {
		report_fail(r, "cannot rebuild the descriptor from its fields: %s", why);
	} else {
		uint8_t *out = malloc(t->len ? t->len : 1);
		if (out == NULL || !ffa_memtx_encode_at(&m, out, t->len))
			report_fail(r, "re-encoding from the fields does not fit in %zu bytes", t->len);
		else
			desc_expect_bytes(r, t, out, t->len, "re-encode from fields");
		free(out);
	}
	ffa_memtx_free(&m);
}
