/* Hex helpers for the vector formats: strict lowercase bytes, 0x-prefixed 64-bit registers. */
#include "hex.h"

#include <stdlib.h>
#include <string.h>

static int lower_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int any_nibble(char c)
{
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return lower_nibble(c);
}

uint8_t *hex_decode(const char *s, size_t *len_out)
{
	size_t n = strlen(s);
	if (n % 2 != 0)
		return NULL;
	uint8_t *out = malloc(n / 2 ? n / 2 : 1);
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = lower_nibble(s[2 * i]);
		int lo = lower_nibble(s[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			free(out);
			return NULL;
		}
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*len_out = n / 2;
	return out;
}

void hex_encode(const uint8_t *b, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * len] = '\0';
}

int hex_parse_reg(const char *s, uint64_t *out)
{
	if (s == NULL || strlen(s) != 18 || s[0] != '0' || s[1] != 'x')
		return 0;
	uint64_t v = 0;
	for (int i = 2; i < 18; i++) {
		int d = lower_nibble(s[i]);
		if (d < 0)
			return 0;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 1;
}

int hex_parse_u64(const char *s, uint64_t *out)
{
	if (s == NULL || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return 0;
	size_t n = strlen(s + 2);
	if (n == 0 || n > 16)
		return 0;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		int d = any_nibble(s[2 + i]);
		if (d < 0)
			return 0;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 1;
}
