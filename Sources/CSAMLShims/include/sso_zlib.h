#ifndef SSO_ZLIB_H
#define SSO_ZLIB_H
#include <stddef.h>
/* Raw DEFLATE (no zlib header, windowBits -15), as the SAML HTTP-Redirect binding uses.
   Return 0 on success with a newly allocated buffer (free with sso_free). */
int sso_deflate_raw(const unsigned char *input, size_t length, unsigned char **out, size_t *out_length);
/* Inflates raw DEFLATE; fails (returns 1) when the output would exceed max_output bytes,
   -1 on corrupt input. */
int sso_inflate_raw(const unsigned char *input, size_t length, size_t max_output,
                    unsigned char **out, size_t *out_length);
#endif
