/* Self-test of the consumer's JSON reader, hex helpers and SHA-256 (RFC 8259 cases; FIPS 180-4
 * example digests). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "hex.h"
#include "json.h"
#include "sha256.h"

static json_value *parse(const char *s)
{
	char msg[160];
	return json_parse(s, strlen(s), msg, sizeof(msg));
}

static int rejects(const char *s)
{
	json_value *v = parse(s);
	json_free(v);
	return v == NULL;
}

/* depth '[' then depth ']' */
static int nested_rejected(int depth)
{
	char *s = malloc((size_t)depth * 2 + 1);
	memset(s, '[', (size_t)depth);
	memset(s + depth, ']', (size_t)depth);
	s[depth * 2] = '\0';
	int r = rejects(s);
	free(s);
	return r;
}

int main(void)
{
	json_value *v = parse(" {\"a\": [1, -2, 3.5, true, false, null], \"b\": {\"c\": \"x\\ny\\u00e9\\ud83d\\ude00\"},"
			      " \"big\": 9007199254740993, \"e\": 1e3} ");
	CHECK(v != NULL && v->type == JSON_OBJECT && v->u.object.count == 4);
	const json_value *a = json_get_array(v, "a");
	CHECK(a && a->u.array.count == 6);
	CHECK(a && a->u.array.items[0]->u.number.is_integer && a->u.array.items[0]->u.number.integer == 1);
	CHECK(a && a->u.array.items[1]->u.number.integer == -2);
	CHECK(a && !a->u.array.items[2]->u.number.is_integer && a->u.array.items[2]->u.number.value == 3.5);
	CHECK(a && a->u.array.items[3]->type == JSON_BOOL && a->u.array.items[3]->u.boolean == 1);
	CHECK(a && a->u.array.items[5]->type == JSON_NULL);
	const char *c = json_get_string(json_get_object(v, "b"), "c");
	/* x, newline, y, U+00E9 (c3 a9), U+1F600 (f0 9f 98 80) */
	CHECK(c && strcmp(c, "x\ny\xc3\xa9\xf0\x9f\x98\x80") == 0);
	int64_t big = 0;
	CHECK(json_get_int(v, "big", &big) && big == 9007199254740993LL);
	CHECK(!json_get_int(v, "e", &big));
	CHECK(json_get(v, "missing") == NULL);
	/* keys keep file order */
	CHECK(v && strcmp(v->u.object.members[0].key, "a") == 0 && strcmp(v->u.object.members[3].key, "e") == 0);
	json_free(v);

	CHECK(rejects(""));
	CHECK(rejects("{"));
	CHECK(rejects("[1,]"));
	CHECK(rejects("{\"a\":1,}"));
	CHECK(rejects("{\"a\":1,\"a\":2}"));
	CHECK(rejects("01"));
	CHECK(rejects("1."));
	CHECK(rejects("-"));
	CHECK(rejects("\"\\x\""));
	CHECK(rejects("\"a\tb\""));
	CHECK(rejects("\"\\ud800\""));
	CHECK(rejects("\"\\udc00\""));
	CHECK(rejects("\"\xc0\xaf\""));      /* overlong '/' */
	CHECK(rejects("\"\xed\xa0\x80\""));  /* UTF-8-encoded surrogate */
	CHECK(rejects("[1] 2"));
	CHECK(rejects("tru"));
	CHECK(rejects("\xef\xbb\xbf{}"));    /* byte order mark */
	CHECK(!rejects("  [ ]\n"));
	CHECK(!nested_rejected(60));
	CHECK(nested_rejected(100));
	char msg[160];
	CHECK(json_parse("{\n  \"a\": x}", 11, msg, sizeof(msg)) == NULL && strncmp(msg, "line 2 col 8", 12) == 0);

	size_t n = 0;
	uint8_t *b = hex_decode("00ff10ab", &n);
	CHECK(b && n == 4 && b[0] == 0 && b[1] == 0xff && b[2] == 0x10 && b[3] == 0xab);
	free(b);
	b = hex_decode("", &n);
	CHECK(b && n == 0);
	free(b);
	CHECK(hex_decode("0", &n) == NULL);
	CHECK(hex_decode("AB", &n) == NULL);
	CHECK(hex_decode("0g", &n) == NULL);
	uint64_t r = 0;
	CHECK(hex_parse_reg("0x00000000c4000066", &r) && r == 0xC4000066ull);
	CHECK(hex_parse_reg("0xffffffffffffffff", &r) && r == ~0ull);
	CHECK(!hex_parse_reg("0xc4000066", &r));
	CHECK(!hex_parse_reg("0x00000000C4000066", &r));

	char d[65];
	sha256_hex("abc", 3, d);
	CHECK(strcmp(d, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0);
	sha256_hex("", 0, d);
	CHECK(strcmp(d, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == 0);
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha256_hex(two, strlen(two), d);
	CHECK(strcmp(d, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1") == 0);
	return check_report("test_json");
}
