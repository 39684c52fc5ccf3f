/* SHA-256 (FIPS 180-4), so the C consumer can verify vectors/MANIFEST.json pins by itself. */
#ifndef FFA_CONSUMER_SHA256_H
#define FFA_CONSUMER_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t total;
	uint8_t block[64];
	size_t used;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, uint8_t digest[32]);
/* One call: 64 lowercase hex digits and a NUL into out. */
void sha256_hex(const void *data, size_t len, char out[65]);

#endif
