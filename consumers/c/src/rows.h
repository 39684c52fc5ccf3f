/* Field tables: the `fields` array of a descriptor vector (name, offset, size, kind uint|bytes,
 * value), and the same kind of table emitted by this consumer's own decoders, so the two can be
 * compared row by row. */
#ifndef FFA_CONSUMER_ROWS_H
#define FFA_CONSUMER_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"

struct row {
	char name[80];
	uint32_t offset;
	uint32_t size;
	int is_bytes;       /* kind "bytes": compare raw bytes, value unused */
	uint64_t value;     /* kind "uint" (size 1, 2, 4 or 8) */
	uint8_t *raw;       /* kind "bytes": size bytes, malloc'd */
};

struct rows {
	struct row *v;
	size_t n, cap;
};

void rows_init(struct rows *t);
void rows_free(struct rows *t);
/* Appends a uint row; returns 0 on no memory. */
int rows_add(struct rows *t, const char *name, uint32_t offset, uint32_t size, uint64_t value);
/* Appends a bytes row copying size bytes. */
int rows_add_bytes(struct rows *t, const char *name, uint32_t offset, uint32_t size, const uint8_t *src);
const struct row *rows_find(const struct rows *t, const char *name);

/* Loads a vector's `fields` array. Checks each row's shape (uint values are "0x" + 2*size hex
 * digits, size 1/2/4/8; bytes values have 2*size hex digits). Returns 0 and explains in why. */
int rows_load(const json_value *fields, struct rows *out, char *why, size_t why_size);

/* The vector's own consistency: rows sorted by offset tile [0, len) exactly, and every value
 * equals the little-endian bytes at its offset. Returns 0 and explains in why. */
int rows_match_bytes(const struct rows *t, const uint8_t *b, size_t len, char *why, size_t why_size);

/* Compares this consumer's table (mine) with the vector's (theirs): every row of mine must be in
 * theirs with the same offset, size and value; rows of theirs not in mine must be named
 * "unused" (bytes no structure defines). Returns 0 and explains the first difference. */
int rows_compare(const struct rows *mine, const struct rows *theirs, char *why, size_t why_size);

/* Writes every row named "unused" of t into b (the re-encoder leaves those bytes zero). */
void rows_overlay_unused(const struct rows *t, uint8_t *b, size_t len);

#endif
