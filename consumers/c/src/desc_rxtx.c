/* Endpoint RX/TX descriptor vectors (group type EndpointRxtxDescriptor): layouts
 * v1.1-aligned-16-48 (the spec), v1.1-xen-12-44 (Xen before d1b958a92c) and v1.0-range-counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desc.h"

static int emit_rows(const struct ffa_rxtx *d, struct rows *t)
{
	int v10 = d->form == FFA_RXTX_V1_0;
	int ok = rows_add(t, "sender_id", 0, 2, d->sender_id) && rows_add(t, "reserved", 2, 2, d->reserved) &&
		 rows_add(t, v10 ? "rx_range_count" : "rx_region_offs", 4, 4, d->words[0]) &&
		 rows_add(t, v10 ? "tx_range_count" : "tx_region_offs", 8, 4, d->words[1]);
	if (d->header_size == 16)
		ok &= rows_add(t, "padding", 12, 4, d->pad);
	return ok && desc_emit_composite(t, "rx", &d->rx) && desc_emit_composite(t, "tx", &d->tx);
}

/* Builds a descriptor from the vector's field table alone (never from the bytes). */
static int model_from_rows(const struct rows *t, enum ffa_rxtx_form form, struct ffa_rxtx *d, char *why, size_t n)
{
	int missing = 0;
	memset(d, 0, sizeof(*d));
	d->form = form;
	d->sender_id = (uint16_t)desc_row_value(t, "sender_id", &missing);
	d->reserved = (uint16_t)desc_row_value(t, "reserved", &missing);
	d->words[0] = (uint32_t)desc_row_value(t, form == FFA_RXTX_V1_0 ? "rx_range_count" : "rx_region_offs", &missing);
	d->words[1] = (uint32_t)desc_row_value(t, form == FFA_RXTX_V1_0 ? "tx_range_count" : "tx_region_offs", &missing);
	const struct row *pad = rows_find(t, "padding");
	d->header_size = pad ? 16 : 12;
	if (pad)
		d->pad = (uint32_t)pad->value;
	const char *sides[2] = {"rx", "tx"};
	struct ffa_composite *cs[2] = {&d->rx, &d->tx};
	for (int s = 0; s < 2; s++) {
		char name[80];
		struct ffa_composite *c = cs[s];
		snprintf(name, sizeof(name), "%s.total_page_count", sides[s]);
		const struct row *total = rows_find(t, name);
		if (total == NULL) {
			snprintf(why, n, "no %s row", name);
			return 0;
		}
		if (!desc_composite_from_rows(t, sides[s], total, c, why, n))
			return 0;
	}
	d->rx_offset = d->rx.offset;
	d->tx_offset = d->tx.offset;
	if (missing) {
		snprintf(why, n, "a header or range row is missing");
		return 0;
	}
	return 1;
}

void check_rxtx(struct report *r, const struct desc_test *t)
{
	const char *layout = json_get_string(t->group, "layout");
	struct ffa_rxtx_opts strict = {.form = FFA_RXTX_V1_1, .layout = FFA_RXTX_16_48};
	struct ffa_rxtx_opts lenient;
	if (layout == NULL) {
		report_fail(r, "group without layout");
		return;
	}
	if (strcmp(layout, "v1.1-aligned-16-48") == 0) {
		/* the spec */
	} else if (strcmp(layout, "v1.1-xen-12-44") == 0) {
		strict.layout = FFA_RXTX_12_44;
	} else if (strcmp(layout, "v1.0-range-counts") == 0) {
		strict.form = FFA_RXTX_V1_0;
		/* The group does not say where the header ends (12 or 16 bytes); the field table does. */
		const struct row *first = t->has_rows ? rows_find(&t->rows, "rx.total_page_count") : NULL;
		strict.layout = first && first->offset == 12 ? FFA_RXTX_12_44 : FFA_RXTX_16_48;
	} else {
		report_fail(r, "unknown EndpointRxtxDescriptor layout %s", layout);
		return;
	}
	lenient = strict;
	lenient.allow_unaligned_offsets = 1;

	struct ffa_rxtx d;
	struct ffa_error e;
	int ok = ffa_rxtx_decode(t->bytes, t->len, &strict, &d, &e);
	if (t->result == RESULT_INVALID || (t->result == RESULT_ACCEPTABLE && t->has_error)) {
		if (ok) {
			report_fail(r, "this consumer's decoder accepts bytes the vector says break %s",
				    ffa_rule_name(t->error_rule));
		} else {
			desc_expect_error(r, t, &e, "strict decode");
		}
		ffa_rxtx_free(&d);
		if (t->result == RESULT_INVALID)
			return;
		/* acceptable: an implementation that waives the rule must read the fields. */
		lenient.waive = FFA_WAIVE(t->error_rule);
		ok = ffa_rxtx_decode(t->bytes, t->len, &lenient, &d, &e);
		if (!ok) {
			report_fail(r, "lenient decode (waiving %s) still refuses: %s at %u (%s)", ffa_rule_name(t->error_rule),
				    ffa_rule_name(e.rule), e.offset, e.message);
			ffa_rxtx_free(&d);
			return;
		}
	} else if (!ok) {
		report_fail(r, "this consumer refuses a %s vector: %s at %s (offset %u): %s",
			    t->result == RESULT_VALID ? "valid" : "acceptable", ffa_rule_name(e.rule), e.field, e.offset,
			    e.message);
		ffa_rxtx_free(&d);
		return;
	}

	struct rows mine;
	rows_init(&mine);
	if (!emit_rows(&d, &mine))
		report_fail(r, "out of memory");
	else
		desc_expect_rows(r, t, &mine);
	rows_free(&mine);
	ffa_rxtx_free(&d);

	char why[160];
	struct ffa_rxtx m;
	if (!model_from_rows(&t->rows, strict.form, &m, why, sizeof(why))) {
		report_fail(r, "cannot rebuild the descriptor from its fields: %s", why);
	} else {
		uint8_t *out = malloc(t->len ? t->len : 1);
		if (out == NULL || !ffa_rxtx_encode_at(&m, out, t->len))
			report_fail(r, "re-encoding from the fields does not fit in %zu bytes", t->len);
		else
			desc_expect_bytes(r, t, out, t->len, "re-encode from fields");
		free(out);
	}
	ffa_rxtx_free(&m);
}
