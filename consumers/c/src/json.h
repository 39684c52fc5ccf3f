/* A small strict JSON reader (RFC 8259) for the ffa-lab vector consumer: builds a tree, keeps
 * object keys in file order, keeps integers exact. No external library. */
#ifndef FFA_CONSUMER_JSON_H
#define FFA_CONSUMER_JSON_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT
} json_type;

typedef struct json_value json_value;

struct json_member {
	char *key;
	size_t key_len;
	json_value *value;
};

struct json_value {
	json_type type;
	union {
		int boolean;
		struct {
			double value;
			int is_integer; /* no fraction, no exponent, fits int64_t */
			int64_t integer;
		} number;
		struct {
			char *chars; /* NUL-terminated UTF-8; may contain NUL if the text had \u0000 */
			size_t len;
		} string;
		struct {
			json_value **items;
			size_t count;
		} array;
		struct {
			struct json_member *members;
			size_t count;
		} object;
	} u;
};

/* Parses exactly one JSON text (surrounding whitespace allowed). On failure returns NULL and
 * writes "line L col C: reason" into err. Rejects duplicate keys, nesting deeper than 64,
 * invalid UTF-8, lone surrogates, control characters in strings, leading zeros, trailing commas. */
json_value *json_parse(const char *text, size_t len, char *err, size_t err_size);
void json_free(json_value *v);

/* Lookups: NULL when absent or of the wrong type. */
const json_value *json_get(const json_value *object, const char *key);
const char *json_get_string(const json_value *object, const char *key);
const json_value *json_get_array(const json_value *object, const char *key);
const json_value *json_get_object(const json_value *object, const char *key);
/* Returns 1 and stores the value when key holds an integer that fits; 0 otherwise. */
int json_get_int(const json_value *object, const char *key, int64_t *out);

const char *json_type_name(json_type t);

/* Reads a whole file into a NUL-terminated buffer; NULL on error (errno set). */
char *json_read_file(const char *path, size_t *len_out);

#endif
