/* Partition information descriptor vectors (group type PartitionInfoDescriptors, entrySize 8, 24
 * or 48 [SPMC3.1]) and UUID register packing (group type UuidRegisters: the 16 bytes are w1..w4,
 * each word little-endian, in order [SPMC3.1]; Xen's ffa_uuid val[2] split [XEN3]). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "ffa_wire.h"
#include "hex.h"

#define MAX_ENTRIES 1024

static int emit_rows(const struct ffa_partinfo *e, uint32_t count, uint32_t size, struct rows *t)
{
	int ok = 1;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t at = i * size;
		char n[64];
		snprintf(n, sizeof(n), "entries[%u].id", i);
		ok &= rows_add(t, n, at + offsetof(struct ffa_wire_partinfo_8, id), 2, e[i].id);
		snprintf(n, sizeof(n), "entries[%u].exec_count", i);
		ok &= rows_add(t, n, at + offsetof(struct ffa_wire_partinfo_8, exec_count), 2, e[i].exec_count);
		snprintf(n, sizeof(n), "entries[%u].properties", i);
		ok &= rows_add(t, n, at + offsetof(struct ffa_wire_partinfo_8, properties), 4, e[i].properties);
		if (size >= sizeof(struct ffa_wire_partinfo_24)) {
			snprintf(n, sizeof(n), "entries[%u].uuid", i);
			ok &= rows_add_bytes(t, n, at + offsetof(struct ffa_wire_partinfo_24, uuid), 16, e[i].uuid);
		}
		if (size == sizeof(struct ffa_wire_partinfo_48)) {
			snprintf(n, sizeof(n), "entries[%u].image_uuid", i);
			ok &= rows_add_bytes(t, n, at + offsetof(struct ffa_wire_partinfo_48, image_uuid), 16, e[i].image_uuid);
			snprintf(n, sizeof(n), "entries[%u].ffa_version", i);
			ok &= rows_add(t, n, at + offsetof(struct ffa_wire_partinfo_48, ffa_version), 4, e[i].ffa_version);
			snprintf(n, sizeof(n), "entries[%u].reserved", i);
			ok &= rows_add(t, n, at + offsetof(struct ffa_wire_partinfo_48, reserved), 4, e[i].reserved);
		}
	}
	return ok;
}

/* Entries rebuilt from the vector's field table alone. */
static int model_from_rows(const struct rows *t, uint32_t count, uint32_t size, struct ffa_partinfo *e)
{
	for (uint32_t i = 0; i < count; i++) {
		const struct row *r;
		char n[64];
		memset(&e[i], 0, sizeof(e[i]));
		snprintf(n, sizeof(n), "entries[%u].id", i);
		if ((r = rows_find(t, n)) == NULL)
			return 0;
		e[i].id = (uint16_t)r->value;
		snprintf(n, sizeof(n), "entries[%u].exec_count", i);
		if ((r = rows_find(t, n)) == NULL)
			return 0;
		e[i].exec_count = (uint16_t)r->value;
		snprintf(n, sizeof(n), "entries[%u].properties", i);
		if ((r = rows_find(t, n)) == NULL)
			return 0;
		e[i].properties = (uint32_t)r->value;
		if (size >= 24) {
			snprintf(n, sizeof(n), "entries[%u].uuid", i);
			if ((r = rows_find(t, n)) == NULL || !r->is_bytes || r->size != 16)
				return 0;
			memcpy(e[i].uuid, r->raw, 16);
		}
		if (size == 48) {
			snprintf(n, sizeof(n), "entries[%u].image_uuid", i);
			if ((r = rows_find(t, n)) == NULL || !r->is_bytes || r->size != 16)
				return 0;
			memcpy(e[i].image_uuid, r->raw, 16);
			snprintf(n, sizeof(n), "entries[%u].ffa_version", i);
			if ((r = rows_find(t, n)) == NULL)
				return 0;
			e[i].ffa_version = (uint32_t)r->value;
			snprintf(n, sizeof(n), "entries[%u].reserved", i);
			if ((r = rows_find(t, n)) == NULL)
				return 0;
			e[i].reserved = (uint32_t)r->value;
		}
	}
	return 1;
}

void check_partinfo(struct report *r, const struct desc_test *t)
{
	int64_t size, count;
	/* A test may carry its own entrySize (a descriptor size the group's layout does not have). */
	if (!json_get_int(t->json, "entrySize", &size) && !json_get_int(t->group, "entrySize", &size)) {
		report_fail(r, "no entrySize");
		return;
	}
	if (!json_get_int(t->json, "entryCount", &count) || count < 0 || count > 0xFFFFFFFFll || size < 0 ||
	    size > 0xFFFFFFFFll || t->bytes == NULL) {
		report_fail(r, "needs bytes and an entryCount");
		return;
	}
	static struct ffa_partinfo entries[MAX_ENTRIES];
	struct ffa_error e;
	int ok = ffa_partinfo_decode(t->bytes, t->len, (uint32_t)count, (uint32_t)size, entries, MAX_ENTRIES, &e);
	if (t->result == RESULT_INVALID || t->has_error) {
		if (ok)
			report_fail(r, "this consumer's decoder accepts bytes the vector says break %s", ffa_rule_name(t->error_rule));
		else
			desc_expect_error(r, t, &e, "strict decode");
		return;
	}
	if (!ok) {
		report_fail(r, "this consumer refuses a valid vector: %s at %s (offset %u): %s", ffa_rule_name(e.rule), e.field,
			    e.offset, e.message);
		return;
	}
	struct rows mine;
	rows_init(&mine);
	if (!emit_rows(entries, (uint32_t)count, (uint32_t)size, &mine))
		report_fail(r, "out of memory");
	else
		desc_expect_rows(r, t, &mine);
	rows_free(&mine);

	if (!model_from_rows(&t->rows, (uint32_t)count, (uint32_t)size, entries)) {
		report_fail(r, "cannot rebuild the entries from the field table");
		return;
	}
	uint8_t *out = malloc(t->len ? t->len : 1);
	size_t n = out ? ffa_partinfo_encode(entries, (uint32_t)count, (uint32_t)size, out, t->len) : 0;
	if (n != t->len)
		report_fail(r, "re-encoding %lld entries of %lld bytes gives %zu bytes, the vector has %zu", (long long)count,
			    (long long)size, n, t->len);
	else
		desc_expect_bytes(r, t, out, n, "re-encode from fields");
	free(out);
}

void check_uuid(struct report *r, const struct desc_test *t)
{
	const char *hex = json_get_string(t->json, "uuid");
	const json_value *regs = json_get_array(t->json, "registers");
	size_t n;
	uint8_t *uuid = hex ? hex_decode(hex, &n) : NULL;
	if (uuid == NULL || n != 16 || regs == NULL || regs->u.array.count != 4) {
		report_fail(r, "needs a 16-byte uuid and four registers");
		free(uuid);
		return;
	}
	uint64_t w[4];
	for (int i = 0; i < 4; i++) {
		const json_value *v = regs->u.array.items[i];
		if (v->type != JSON_STRING || !hex_parse_reg(v->u.string.chars, &w[i])) {
			report_fail(r, "registers[%d] is not 0x + 16 lowercase hex digits", i);
			free(uuid);
			return;
		}
	}
	/* Bytes to registers: each word little-endian, in order; the upper halves are zero. */
	for (int i = 0; i < 4; i++) {
		uint32_t word = (uint32_t)uuid[4 * i] | (uint32_t)uuid[4 * i + 1] << 8 | (uint32_t)uuid[4 * i + 2] << 16 |
				(uint32_t)uuid[4 * i + 3] << 24;
		if (w[i] != word)
			report_fail(r, "w%d is 0x%016llx, the UUID bytes give 0x%08x", i + 1, (unsigned long long)w[i], word);
	}
	/* Xen's struct ffa_uuid { uint64_t val[2]; }: w1/w2 are val[0] low/high, w3/w4 val[1]. */
	uint64_t val[2];
	memcpy(val, uuid, 16);
	uint64_t back0 = (w[0] & 0xFFFFFFFFu) | (w[1] & 0xFFFFFFFFu) << 32;
	uint64_t back1 = (w[2] & 0xFFFFFFFFu) | (w[3] & 0xFFFFFFFFu) << 32;
	if (back0 != val[0] || back1 != val[1])
		report_fail(r, "registers do not rebuild Xen's val[0]/val[1]");
	free(uuid);
}
