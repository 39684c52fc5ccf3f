/* Shared parts of the descriptor-suite checks: comparing errors, field tables and bytes, and the
 * field rows of the composite memory regions both the RX/TX and the memory transaction descriptors end in. */
#include "desc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"

int desc_expect_error(struct report *r, const struct desc_test *t, const struct ffa_error *got, const char *decoder)
{
	if (got->rule != t->error_rule)
		return report_fail(r, "%s refuses for %s at %s (offset %u: %s); the vector says %s at %s (offset %u)", decoder,
				   ffa_rule_name(got->rule), got->field, got->offset, got->message,
				   ffa_rule_name(t->error_rule), t->error_field, t->error_offset);
	if (got->offset != t->error_offset || strcmp(got->field, t->error_field) != 0)
		return report_fail(r, "%s refuses for %s as the vector says, but at %s (offset %u), not %s (offset %u)",
				   decoder, ffa_rule_name(got->rule), got->field, got->offset, t->error_field, t->error_offset);
	return 1;
}

int desc_expect_rows(struct report *r, const struct desc_test *t, const struct rows *mine)
{
	char why[256];
	if (!t->has_rows)
		return report_fail(r, "a %s vector without a field table", t->result == RESULT_VALID ? "valid" : "acceptable");
	if (!rows_compare(mine, &t->rows, why, sizeof(why)))
		return report_fail(r, "decoded fields differ from the vector's: %s", why);
	return 1;
}

int desc_expect_bytes(struct report *r, const struct desc_test *t, uint8_t *encoded, size_t len, const char *encoder)
{
	if (t->has_rows)
		rows_overlay_unused(&t->rows, encoded, len);
	if (len != t->len)
		return report_fail(r, "%s gives %zu bytes, the vector has %zu", encoder, len, t->len);
	for (size_t i = 0; i < len; i++) {
		if (encoded[i] != t->bytes[i])
			return report_fail(r, "%s differs at byte %zu: 0x%02x, the vector has 0x%02x", encoder, i, encoded[i],
					   t->bytes[i]);
	}
	return 1;
}

uint32_t desc_parse_version(const char *s)
{
	if (s == NULL)
		return 0;
	if (strcmp(s, "1.0") == 0)
		return FFA_V1_0;
	if (strcmp(s, "1.1") == 0)
		return FFA_V1_1;
	if (strcmp(s, "1.2") == 0)
		return FFA_V1_2;
	if (strcmp(s, "1.3") == 0)
		return FFA_V1_3;
	return 0;
}

int desc_emit_composite(struct rows *t, const char *name, const struct ffa_composite *c)
{
	char n[80];
	int ok = 1;
	snprintf(n, sizeof(n), "%s.total_page_count", name);
	ok &= rows_add(t, n, c->offset, 4, c->total_page_count);
	snprintf(n, sizeof(n), "%s.address_range_count", name);
	ok &= rows_add(t, n, c->offset + 4, 4, c->range_count);
	snprintf(n, sizeof(n), "%s.reserved", name);
	ok &= rows_add(t, n, c->offset + 8, 8, c->reserved);
	for (uint32_t i = 0; i < c->range_count; i++) {
		uint32_t at = c->offset + 16 + 16 * i;
		snprintf(n, sizeof(n), "%s.ranges[%u].address", name, i);
		ok &= rows_add(t, n, at, 8, c->ranges[i].address);
		snprintf(n, sizeof(n), "%s.ranges[%u].page_count", name, i);
		ok &= rows_add(t, n, at + 8, 4, c->ranges[i].page_count);
		snprintf(n, sizeof(n), "%s.ranges[%u].reserved", name, i);
		ok &= rows_add(t, n, at + 12, 4, c->ranges[i].reserved);
	}
	return ok;
}

uint64_t desc_row_value(const struct rows *t, const char *name, int *missing)
{
	const struct row *r = rows_find(t, name);
	if (r == NULL || r->is_bytes) {
		*missing = 1;
		return 0;
	}
	return r->value;
}

int desc_composite_from_rows(const struct rows *t, const char *name, const struct row *total, struct ffa_composite *c,
			     char *why, size_t n)
{
	char row[80];
	int missing = 0;
	c->offset = total->offset;
	c->total_page_count = (uint32_t)total->value;
	snprintf(row, sizeof(row), "%s.address_range_count", name);
	c->range_count = (uint32_t)desc_row_value(t, row, &missing);
	snprintf(row, sizeof(row), "%s.reserved", name);
	c->reserved = desc_row_value(t, row, &missing);
	if (missing || c->range_count > 4096) {
		snprintf(why, n, "%s composite rows missing or too many ranges", name);
		return 0;
	}
	c->ranges = calloc(c->range_count ? c->range_count : 1, sizeof(struct ffa_range));
	if (c->ranges == NULL) {
		snprintf(why, n, "out of memory");
		return 0;
	}
	for (uint32_t i = 0; i < c->range_count; i++) {
		snprintf(row, sizeof(row), "%s.ranges[%u].address", name, i);
		c->ranges[i].address = desc_row_value(t, row, &missing);
		snprintf(row, sizeof(row), "%s.ranges[%u].page_count", name, i);
		c->ranges[i].page_count = (uint32_t)desc_row_value(t, row, &missing);
		snprintf(row, sizeof(row), "%s.ranges[%u].reserved", name, i);
		c->ranges[i].reserved = (uint32_t)desc_row_value(t, row, &missing);
	}
	if (missing) {
		snprintf(why, n, "a %s range row is missing", name);
		return 0;
	}
	return 1;
}
