/* Descriptor-suite checks of the C vector consumer: one function per test-group type. Each
 * decodes the test's bytes with this consumer's own codec, compares the decoded fields with the
 * vector's field table, re-encodes from that table and compares bytes, and for invalid tests
 * checks that its own validation refuses the bytes for the stated rule. */
#ifndef FFA_CONSUMER_DESC_H
#define FFA_CONSUMER_DESC_H

#include <stddef.h>
#include <stdint.h>

#include "ffa_codec.h"
#include "json.h"
#include "report.h"
#include "rows.h"

enum vec_result { RESULT_VALID, RESULT_INVALID, RESULT_ACCEPTABLE };

/* What every descriptor test carries, already parsed and checked for shape. */
struct desc_test {
	const json_value *group;
	const json_value *json;
	enum vec_result result;
	uint8_t *bytes;
	size_t len;
	int has_rows;
	struct rows rows;            /* the vector's `fields`, when has_rows */
	int has_error;
	enum ffa_rule error_rule;    /* the vector's `error` */
	const char *error_field;
	uint32_t error_offset;
};

/* Checks a decoder's rejection against the vector's error: rule, then offset and field. */
int desc_expect_error(struct report *r, const struct desc_test *t, const struct ffa_error *got, const char *decoder);
/* Compares the rows this consumer decoded with the vector's rows. */
int desc_expect_rows(struct report *r, const struct desc_test *t, const struct rows *mine);
/* Compares re-encoded bytes (with the vector's "unused" bytes laid over them) with the vector's. */
int desc_expect_bytes(struct report *r, const struct desc_test *t, uint8_t *encoded, size_t len, const char *encoder);

/* Appends the rows of a composite memory region descriptor (16-byte header, then 16-byte
 * address ranges) at its offset, each field named "<name>.<field>": shared by the RX/TX and
 * memory transaction descriptors, which both end in composites. */
int desc_emit_composite(struct rows *t, const char *name, const struct ffa_composite *c);

/* The value of the field row `name`; sets *missing when there is none, or it holds bytes. */
uint64_t desc_row_value(const struct rows *t, const char *name, int *missing);
/* Builds a composite memory region (header and ranges) from the rows "<name>.<field>", its
 * offset and total page count from the row `total`; 0 with a reason in why when rows are missing. */
int desc_composite_from_rows(const struct rows *t, const char *name, const struct row *total, struct ffa_composite *c,
			     char *why, size_t n);

/* Parses "1.0", "1.1", ... into FFA_V1_x; 0 if unknown. */
uint32_t desc_parse_version(const char *s);

void check_rxtx(struct report *r, const struct desc_test *t);
void check_memtx(struct report *r, const struct desc_test *t);
void check_partinfo(struct report *r, const struct desc_test *t);
void check_uuid(struct report *r, const struct desc_test *t);

#endif
