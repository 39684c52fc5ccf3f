/* Hex helpers for the vector formats (vectors/README.md conventions): bytes are lowercase hex
 * strings, 64-bit registers are "0x" followed by exactly 16 hex digits. */
#ifndef FFA_CONSUMER_HEX_H
#define FFA_CONSUMER_HEX_H

#include <stddef.h>
#include <stdint.h>

/* Decodes a lowercase hex string of even length into a fresh buffer (free() it). Returns NULL on
 * odd length, an uppercase or non-hex digit, or no memory. *len_out is the byte count (0 for "",
 * which returns a valid 1-byte allocation). */
uint8_t *hex_decode(const char *s, size_t *len_out);

/* Writes 2*len lowercase hex digits and a NUL into out (size >= 2*len+1). */
void hex_encode(const uint8_t *b, size_t len, char *out);

/* Parses "0x" + exactly 16 lowercase hex digits. Returns 1 on success. */
int hex_parse_reg(const char *s, uint64_t *out);

/* Parses "0x" + 1..16 hex digits (any case), for fields that are written as hex numbers. */
int hex_parse_u64(const char *s, uint64_t *out);

#endif
