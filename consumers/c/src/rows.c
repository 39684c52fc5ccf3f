/* Field tables of descriptor vectors and of this consumer's decoders. */
#include "rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"

void rows_init(struct rows *t)
{
	t->v = NULL;
	t->n = t->cap = 0;
}

void rows_free(struct rows *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].raw);
	free(t->v);
	rows_init(t);
}

static struct row *rows_push(struct rows *t, const char *name, uint32_t offset, uint32_t size)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct row *v = realloc(t->v, cap * sizeof(*v));
		if (v == NULL)
			return NULL;
		t->v = v;
		t->cap = cap;
	}
	struct row *r = &t->v[t->n++];
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", name);
	r->offset = offset;
	r->size = size;
	return r;
}

int rows_add(struct rows *t, const char *name, uint32_t offset, uint32_t size, uint64_t value)
{
	struct row *r = rows_push(t, name, offset, size);
	if (r)
		r->value = value;
	return r != NULL;
}

int rows_add_bytes(struct rows *t, const char *name, uint32_t offset, uint32_t size, const uint8_t *src)
{
	uint8_t *raw = malloc(size ? size : 1);
	if (raw == NULL)
		return 0;
	struct row *r = rows_push(t, name, offset, size);
	if (r == NULL) {
		free(raw);
		return 0;
	}
	r->is_bytes = 1;
	r->raw = raw;
	memcpy(raw, src, size);
	return 1;
}

const struct row *rows_find(const struct rows *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].name, name) == 0)
			return &t->v[i];
	return NULL;
}

int rows_load(const json_value *fields, struct rows *out, char *why, size_t why_size)
{
	rows_init(out);
	if (fields == NULL || fields->type != JSON_ARRAY) {
		snprintf(why, why_size, "no `fields` array");
		return 0;
	}
	for (size_t i = 0; i < fields->u.array.count; i++) {
		const json_value *f = fields->u.array.items[i];
		const char *name = json_get_string(f, "name");
		const char *kind = json_get_string(f, "kind");
		const char *value = json_get_string(f, "value");
		int64_t off, size;
		if (!name || !kind || !value || !json_get_int(f, "offset", &off) || !json_get_int(f, "size", &size) ||
		    off < 0 || size <= 0 || off > 0xFFFFFFF || size > 0xFFFFFFF) {
			snprintf(why, why_size, "fields[%zu]: needs name, offset, size, kind and value", i);
			return 0;
		}
		if (rows_find(out, name) != NULL && strcmp(name, "unused") != 0) {
			snprintf(why, why_size, "fields[%zu]: field %s listed twice", i, name);
			return 0;
		}
		if (strcmp(kind, "uint") == 0) {
			uint64_t v;
			if ((size != 1 && size != 2 && size != 4 && size != 8) || strlen(value) != 2 + 2 * (size_t)size ||
			    !hex_parse_u64(value, &v) || value[1] != 'x') {
				snprintf(why, why_size, "fields[%zu] %s: uint of size %lld written as %s", i, name, (long long)size, value);
				return 0;
			}
			for (const char *p = value + 2; *p; p++) {
				if (*p >= 'A' && *p <= 'F') {
					snprintf(why, why_size, "fields[%zu] %s: uppercase hex %s", i, name, value);
					return 0;
				}
			}
			if (!rows_add(out, name, (uint32_t)off, (uint32_t)size, v))
				goto oom;
		} else if (strcmp(kind, "bytes") == 0) {
			size_t n;
			uint8_t *raw = hex_decode(value, &n);
			if (raw == NULL || n != (size_t)size) {
				free(raw);
				snprintf(why, why_size, "fields[%zu] %s: %lld bytes written as %zu hex digits", i, name,
					 (long long)size, strlen(value));
				return 0;
			}
			int ok = rows_add_bytes(out, name, (uint32_t)off, (uint32_t)size, raw);
			free(raw);
			if (!ok)
				goto oom;
		} else {
			snprintf(why, why_size, "fields[%zu] %s: unknown kind %s", i, name, kind);
			return 0;
		}
	}
	return 1;
oom:
	snprintf(why, why_size, "out of memory");
	return 0;
}

static uint64_t load_le(const uint8_t *b, uint32_t size)
{
	uint64_t v = 0;
	for (uint32_t i = 0; i < size; i++)
		v |= (uint64_t)b[i] << (8 * i);
	return v;
}

static int by_offset(const void *a, const void *b)
{
	const struct row *x = *(const struct row *const *)a, *y = *(const struct row *const *)b;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

int rows_match_bytes(const struct rows *t, const uint8_t *b, size_t len, char *why, size_t why_size)
{
	const struct row **sorted = malloc((t->n ? t->n : 1) * sizeof(*sorted));
	if (sorted == NULL) {
		snprintf(why, why_size, "out of memory");
		return 0;
	}
	for (size_t i = 0; i < t->n; i++)
		sorted[i] = &t->v[i];
	qsort(sorted, t->n, sizeof(*sorted), by_offset);
	uint64_t at = 0;
	int ok = 1;
	for (size_t i = 0; i < t->n && ok; i++) {
		const struct row *r = sorted[i];
		if (r->offset != at) {
			snprintf(why, why_size, "fields do not tile the buffer: %s starts at %u, expected %llu", r->name, r->offset,
				 (unsigned long long)at);
			ok = 0;
		} else if ((uint64_t)r->offset + r->size > len) {
			snprintf(why, why_size, "field %s (%u:%u) runs past the %zu-byte buffer", r->name, r->offset, r->size, len);
			ok = 0;
		} else if (!r->is_bytes && load_le(b + r->offset, r->size) != r->value) {
			snprintf(why, why_size, "field %s says 0x%llx, the bytes at %u hold 0x%llx", r->name,
				 (unsigned long long)r->value, r->offset, (unsigned long long)load_le(b + r->offset, r->size));
			ok = 0;
		} else if (r->is_bytes && memcmp(b + r->offset, r->raw, r->size) != 0) {
			snprintf(why, why_size, "field %s differs from the bytes at %u", r->name, r->offset);
			ok = 0;
		}
		at = (uint64_t)r->offset + r->size;
	}
	if (ok && at != len) {
		snprintf(why, why_size, "fields cover %llu of the %zu bytes", (unsigned long long)at, len);
		ok = 0;
	}
	free(sorted);
	return ok;
}

int rows_compare(const struct rows *mine, const struct rows *theirs, char *why, size_t why_size)
{
	for (size_t i = 0; i < mine->n; i++) {
		const struct row *m = &mine->v[i];
		const struct row *t = rows_find(theirs, m->name);
		if (t == NULL) {
			snprintf(why, why_size, "the vector has no field %s (this consumer decodes it at %u:%u)", m->name,
				 m->offset, m->size);
			return 0;
		}
		if (t->offset != m->offset || t->size != m->size) {
			snprintf(why, why_size, "field %s: vector %u:%u, this consumer %u:%u", m->name, t->offset, t->size,
				 m->offset, m->size);
			return 0;
		}
		if (t->is_bytes != m->is_bytes) {
			snprintf(why, why_size, "field %s: kind differs", m->name);
			return 0;
		}
		if (!m->is_bytes && t->value != m->value) {
			snprintf(why, why_size, "field %s: vector 0x%llx, decoded 0x%llx", m->name, (unsigned long long)t->value,
				 (unsigned long long)m->value);
			return 0;
		}
		if (m->is_bytes && memcmp(t->raw, m->raw, m->size) != 0) {
			snprintf(why, why_size, "field %s: bytes differ", m->name);
			return 0;
		}
	}
	for (size_t i = 0; i < theirs->n; i++) {
		const struct row *t = &theirs->v[i];
		if (strcmp(t->name, "unused") != 0 && rows_find(mine, t->name) == NULL) {
			snprintf(why, why_size, "the vector's field %s (%u:%u) is not one this consumer decodes", t->name, t->offset,
				 t->size);
			return 0;
		}
	}
	return 1;
}

void rows_overlay_unused(const struct rows *t, uint8_t *b, size_t len)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct row *r = &t->v[i];
		if (strcmp(r->name, "unused") != 0 || (uint64_t)r->offset + r->size > len)
			continue;
		if (r->is_bytes) {
			memcpy(b + r->offset, r->raw, r->size);
		} else {
			for (uint32_t k = 0; k < r->size; k++)
				b[r->offset + k] = (uint8_t)(r->value >> (8 * k));
		}
	}
}
