/* A small strict JSON reader (RFC 8259), written for the ffa-lab vector consumer. Recursive
 * descent over a byte buffer; every allocation is checked; errors carry line and column. */
#include "json.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 64

struct parser {
	const unsigned char *p;
	const unsigned char *end;
	const unsigned char *start;
	char *err;
	size_t err_size;
	int failed;
};

static void fail_at(struct parser *ps, const char *fmt, ...)
{
	if (ps->failed)
		return;
	ps->failed = 1;
	size_t line = 1, col = 1;
	for (const unsigned char *q = ps->start; q < ps->p && q < ps->end; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	if (ps->err == NULL || ps->err_size == 0)
		return;
	int n = snprintf(ps->err, ps->err_size, "line %zu col %zu: ", line, col);
	if (n < 0 || (size_t)n >= ps->err_size)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->err_size - (size_t)n, fmt, ap);
	va_end(ap);
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static json_value *new_value(struct parser *ps, json_type t)
{
	json_value *v = calloc(1, sizeof(*v));
	if (v == NULL)
		fail_at(ps, "out of memory");
	else
		v->type = t;
	return v;
}

/* Growable byte buffer for string contents. */
struct sbuf {
	char *data;
	size_t len;
	size_t cap;
};

static int sbuf_put(struct sbuf *b, const void *src, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 32;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *d = realloc(b->data, cap);
		if (d == NULL)
			return 0;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, src, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 1;
}

static int put_utf8(struct sbuf *b, uint32_t cp)
{
	unsigned char out[4];
	size_t n;
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (unsigned char)(0xC0 | (cp >> 6));
		out[1] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		out[0] = (unsigned char)(0xE0 | (cp >> 12));
		out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		out[0] = (unsigned char)(0xF0 | (cp >> 18));
		out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return sbuf_put(b, out, n);
}

static int read_hex4(struct parser *ps, uint32_t *out)
{
	if (ps->end - ps->p < 4) {
		fail_at(ps, "truncated \\u escape");
		return 0;
	}
	uint32_t v = 0;
	for (int i = 0; i < 4; i++) {
		unsigned char c = ps->p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else {
			fail_at(ps, "bad hex digit in \\u escape");
			return 0;
		}
	}
	ps->p += 4;
	*out = v;
	return 1;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if it is not valid (overlong forms,
 * surrogates and code points above U+10FFFF are invalid). */
static size_t utf8_seq_len(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0];
	size_t n;
	uint32_t cp, min;
	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0) {
		n = 2;
		cp = c & 0x1F;
		min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3;
		cp = c & 0x0F;
		min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

/* Called with ps->p on the opening quote. */
static char *parse_string_raw(struct parser *ps, size_t *len_out)
{
	struct sbuf b = {0};
	ps->p++;
	if (!sbuf_put(&b, "", 0))
		goto oom;
	for (;;) {
		if (ps->p >= ps->end) {
			fail_at(ps, "unterminated string");
			goto bad;
		}
		unsigned char c = *ps->p;
		if (c == '"') {
			ps->p++;
			break;
		}
		if (c < 0x20) {
			fail_at(ps, "control character 0x%02x in string", c);
			goto bad;
		}
		if (c == '\\') {
			ps->p++;
			if (ps->p >= ps->end) {
				fail_at(ps, "unterminated escape");
				goto bad;
			}
			unsigned char e = *ps->p++;
			char ch;
			switch (e) {
			case '"': ch = '"'; break;
			case '\\': ch = '\\'; break;
			case '/': ch = '/'; break;
			case 'b': ch = '\b'; break;
			case 'f': ch = '\f'; break;
			case 'n': ch = '\n'; break;
			case 'r': ch = '\r'; break;
			case 't': ch = '\t'; break;
			case 'u': {
				uint32_t cp;
				if (!read_hex4(ps, &cp))
					goto bad;
				if (cp >= 0xD800 && cp <= 0xDBFF) {
					uint32_t lo;
					if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u') {
						fail_at(ps, "high surrogate without low surrogate");
						goto bad;
					}
					ps->p += 2;
					if (!read_hex4(ps, &lo))
						goto bad;
					if (lo < 0xDC00 || lo > 0xDFFF) {
						fail_at(ps, "high surrogate followed by a non-low surrogate");
						goto bad;
					}
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
					fail_at(ps, "lone low surrogate");
					goto bad;
				}
				if (!put_utf8(&b, cp))
					goto oom;
				continue;
			}
			default:
				ps->p--;
				fail_at(ps, "bad escape \\%c", e);
				goto bad;
			}
			if (!sbuf_put(&b, &ch, 1))
				goto oom;
			continue;
		}
		size_t n = utf8_seq_len(ps->p, ps->end);
		if (n == 0) {
			fail_at(ps, "invalid UTF-8");
			goto bad;
		}
		if (!sbuf_put(&b, ps->p, n))
			goto oom;
		ps->p += n;
	}
	*len_out = b.len;
	return b.data;
oom:
	fail_at(ps, "out of memory");
bad:
	free(b.data);
	return NULL;
}

static json_value *parse_value(struct parser *ps, int depth);

static json_value *parse_number(struct parser *ps)
{
	const unsigned char *s = ps->p;
	const unsigned char *q = s;
	int integral = 1;
	if (q < ps->end && *q == '-')
		q++;
	if (q >= ps->end || !(*q >= '0' && *q <= '9')) {
		fail_at(ps, "bad number");
		return NULL;
	}
	if (*q == '0') {
		q++;
		if (q < ps->end && *q >= '0' && *q <= '9') {
			fail_at(ps, "leading zero in number");
			return NULL;
		}
	} else {
		while (q < ps->end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < ps->end && *q == '.') {
		integral = 0;
		q++;
		if (q >= ps->end || !(*q >= '0' && *q <= '9')) {
			ps->p = q;
			fail_at(ps, "digit expected after '.'");
			return NULL;
		}
		while (q < ps->end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < ps->end && (*q == 'e' || *q == 'E')) {
		integral = 0;
		q++;
		if (q < ps->end && (*q == '+' || *q == '-'))
			q++;
		if (q >= ps->end || !(*q >= '0' && *q <= '9')) {
			ps->p = q;
			fail_at(ps, "digit expected in exponent");
			return NULL;
		}
		while (q < ps->end && *q >= '0' && *q <= '9')
			q++;
	}
	char buf[64];
	size_t n = (size_t)(q - s);
	json_value *v = new_value(ps, JSON_NUMBER);
	if (v == NULL)
		return NULL;
	if (n < sizeof(buf)) {
		memcpy(buf, s, n);
		buf[n] = '\0';
		v->u.number.value = strtod(buf, NULL);
		if (integral) {
			errno = 0;
			char *endp;
			long long ll = strtoll(buf, &endp, 10);
			if (errno == 0 && *endp == '\0') {
				v->u.number.is_integer = 1;
				v->u.number.integer = (int64_t)ll;
			}
		}
	} else {
		/* Longer than any number the vectors use: keep it as a non-integer. */
		char *tmp = malloc(n + 1);
		if (tmp == NULL) {
			free(v);
			fail_at(ps, "out of memory");
			return NULL;
		}
		memcpy(tmp, s, n);
		tmp[n] = '\0';
		v->u.number.value = strtod(tmp, NULL);
		free(tmp);
	}
	ps->p = q;
	return v;
}

static int match_word(struct parser *ps, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, w, n) != 0)
		return 0;
	ps->p += n;
	return 1;
}

static json_value *parse_array(struct parser *ps, int depth)
{
	json_value *v = new_value(ps, JSON_ARRAY);
	size_t cap = 0;
	if (v == NULL)
		return NULL;
	ps->p++; /* '[' */
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		return v;
	}
	for (;;) {
		json_value *item = parse_value(ps, depth + 1);
		if (item == NULL)
			goto bad;
		if (v->u.array.count == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			json_value **items = realloc(v->u.array.items, ncap * sizeof(*items));
			if (items == NULL) {
				json_free(item);
				fail_at(ps, "out of memory");
				goto bad;
			}
			v->u.array.items = items;
			cap = ncap;
		}
		v->u.array.items[v->u.array.count++] = item;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			skip_ws(ps);
			if (ps->p < ps->end && *ps->p == ']') {
				fail_at(ps, "trailing comma in array");
				goto bad;
			}
			continue;
		}
		if (ps->p < ps->end && *ps->p == ']') {
			ps->p++;
			return v;
		}
		fail_at(ps, "',' or ']' expected");
		goto bad;
	}
bad:
	json_free(v);
	return NULL;
}

static json_value *parse_object(struct parser *ps, int depth)
{
	json_value *v = new_value(ps, JSON_OBJECT);
	size_t cap = 0;
	if (v == NULL)
		return NULL;
	ps->p++; /* '{' */
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		return v;
	}
	for (;;) {
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != '"') {
			fail_at(ps, "string key expected");
			goto bad;
		}
		const unsigned char *key_at = ps->p;
		size_t key_len;
		char *key = parse_string_raw(ps, &key_len);
		if (key == NULL)
			goto bad;
		for (size_t i = 0; i < v->u.object.count; i++) {
			if (v->u.object.members[i].key_len == key_len &&
			    memcmp(v->u.object.members[i].key, key, key_len) == 0) {
				ps->p = key_at;
				fail_at(ps, "duplicate key \"%s\"", key);
				free(key);
				goto bad;
			}
		}
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != ':') {
			free(key);
			fail_at(ps, "':' expected");
			goto bad;
		}
		ps->p++;
		json_value *val = parse_value(ps, depth + 1);
		if (val == NULL) {
			free(key);
			goto bad;
		}
		if (v->u.object.count == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct json_member *m = realloc(v->u.object.members, ncap * sizeof(*m));
			if (m == NULL) {
				free(key);
				json_free(val);
				fail_at(ps, "out of memory");
				goto bad;
			}
			v->u.object.members = m;
			cap = ncap;
		}
		v->u.object.members[v->u.object.count].key = key;
		v->u.object.members[v->u.object.count].key_len = key_len;
		v->u.object.members[v->u.object.count].value = val;
		v->u.object.count++;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			skip_ws(ps);
			if (ps->p < ps->end && *ps->p == '}') {
				fail_at(ps, "trailing comma in object");
				goto bad;
			}
			continue;
		}
		if (ps->p < ps->end && *ps->p == '}') {
			ps->p++;
			return v;
		}
		fail_at(ps, "',' or '}' expected");
		goto bad;
	}
bad:
	json_free(v);
	return NULL;
}

static json_value *parse_value(struct parser *ps, int depth)
{
	if (depth > JSON_MAX_DEPTH) {
		fail_at(ps, "nesting deeper than %d", JSON_MAX_DEPTH);
		return NULL;
	}
	skip_ws(ps);
	if (ps->p >= ps->end) {
		fail_at(ps, "value expected, end of input");
		return NULL;
	}
	switch (*ps->p) {
	case '{':
		return parse_object(ps, depth);
	case '[':
		return parse_array(ps, depth);
	case '"': {
		size_t len;
		char *s = parse_string_raw(ps, &len);
		if (s == NULL)
			return NULL;
		json_value *v = new_value(ps, JSON_STRING);
		if (v == NULL) {
			free(s);
			return NULL;
		}
		v->u.string.chars = s;
		v->u.string.len = len;
		return v;
	}
	case 't':
	case 'f':
	case 'n': {
		json_value *v = NULL;
		if (match_word(ps, "true")) {
			v = new_value(ps, JSON_BOOL);
			if (v)
				v->u.boolean = 1;
		} else if (match_word(ps, "false")) {
			v = new_value(ps, JSON_BOOL);
		} else if (match_word(ps, "null")) {
			v = new_value(ps, JSON_NULL);
		} else {
			fail_at(ps, "unknown literal");
		}
		return v;
	}
	default:
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
			return parse_number(ps);
		fail_at(ps, "unexpected character '%c'", *ps->p);
		return NULL;
	}
}

json_value *json_parse(const char *text, size_t len, char *err, size_t err_size)
{
	struct parser ps = {
		.p = (const unsigned char *)text,
		.end = (const unsigned char *)text + len,
		.start = (const unsigned char *)text,
		.err = err,
		.err_size = err_size,
		.failed = 0,
	};
	if (err && err_size)
		err[0] = '\0';
	/* A UTF-8 byte order mark is not JSON (RFC 8259 section 8.1 lets parsers refuse it). */
	json_value *v = parse_value(&ps, 0);
	if (v == NULL)
		return NULL;
	skip_ws(&ps);
	if (ps.p != ps.end) {
		fail_at(&ps, "trailing characters after the JSON text");
		json_free(v);
		return NULL;
	}
	return v;
}

void json_free(json_value *v)
{
	if (v == NULL)
		return;
	switch (v->type) {
	case JSON_STRING:
		free(v->u.string.chars);
		break;
	case JSON_ARRAY:
		for (size_t i = 0; i < v->u.array.count; i++)
			json_free(v->u.array.items[i]);
		free(v->u.array.items);
		break;
	case JSON_OBJECT:
		for (size_t i = 0; i < v->u.object.count; i++) {
			free(v->u.object.members[i].key);
			json_free(v->u.object.members[i].value);
		}
		free(v->u.object.members);
		break;
	default:
		break;
	}
	free(v);
}

const json_value *json_get(const json_value *object, const char *key)
{
	if (object == NULL || object->type != JSON_OBJECT)
		return NULL;
	size_t n = strlen(key);
	for (size_t i = 0; i < object->u.object.count; i++) {
		const struct json_member *m = &object->u.object.members[i];
		if (m->key_len == n && memcmp(m->key, key, n) == 0)
			return m->value;
	}
	return NULL;
}

const char *json_get_string(const json_value *object, const char *key)
{
	const json_value *v = json_get(object, key);
	return v && v->type == JSON_STRING ? v->u.string.chars : NULL;
}

const json_value *json_get_array(const json_value *object, const char *key)
{
	const json_value *v = json_get(object, key);
	return v && v->type == JSON_ARRAY ? v : NULL;
}

const json_value *json_get_object(const json_value *object, const char *key)
{
	const json_value *v = json_get(object, key);
	return v && v->type == JSON_OBJECT ? v : NULL;
}

int json_get_int(const json_value *object, const char *key, int64_t *out)
{
	const json_value *v = json_get(object, key);
	if (v == NULL || v->type != JSON_NUMBER || !v->u.number.is_integer)
		return 0;
	*out = v->u.number.integer;
	return 1;
}

const char *json_type_name(json_type t)
{
	switch (t) {
	case JSON_NULL: return "null";
	case JSON_BOOL: return "boolean";
	case JSON_NUMBER: return "number";
	case JSON_STRING: return "string";
	case JSON_ARRAY: return "array";
	case JSON_OBJECT: return "object";
	}
	return "?";
}

char *json_read_file(const char *path, size_t *len_out)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	if (buf == NULL) {
		fclose(f);
		return NULL;
	}
	for (;;) {
		if (len + 1 >= cap) {
			char *nb = realloc(buf, cap * 2);
			if (nb == NULL) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
		size_t got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		errno = EIO;
		return NULL;
	}
	buf[len] = '\0';
	*len_out = len;
	return buf;
}
