#ifndef SSO_DNS_H
#define SSO_DNS_H
/* DNS TXT look-ups through the C library's resolver (res_ninit, res_nmkquery, res_nsend,
   ns_initparse/ns_parserr). Plain C types only, so Swift imports this header without the
   resolver's own headers.

   Every call uses its own resolver state (res_ninit ... res_nclose), so calls may run on
   several threads at once. Calls block for at most timeout_seconds * tries over UDP; see
   sso_dns_query_txt for the TCP leg. */
#include <stddef.h>

/* How a call ended (the value returned, also stored in sso_dns_result.status). */
enum sso_dns_status {
    /* An answer arrived and was read: see sso_dns_result.rcode (0 NOERROR, 2 SERVFAIL,
       3 NXDOMAIN, 5 REFUSED, ...). Records are only read from NOERROR answers. */
    SSO_DNS_ANSWERED = 0,
    /* No answer within timeout_seconds * tries (res_nsend failed with ETIMEDOUT). */
    SSO_DNS_TIMEOUT = 1,
    /* The nameserver could not be reached: the connection was refused (an ICMP port
       unreachable over UDP, a reset over TCP) or the network is unreachable.
       system_error holds the errno. */
    SSO_DNS_UNREACHABLE = 2,
    /* Sending failed for another reason; system_error holds the errno (may be 0). */
    SSO_DNS_SEND_FAILED = 3,
    /* res_nmkquery refused the name (a label over 63 bytes, a name over 255, ...). */
    SSO_DNS_INVALID_NAME = 4,
    /* A NULL pointer, an unknown family, port 0, tries or time-out out of range, or a
       records buffer smaller than SSO_DNS_RECORDS_CAPACITY. */
    SSO_DNS_INVALID_ARGUMENT = 5,
    /* res_ninit failed (out of memory). */
    SSO_DNS_INIT_FAILED = 6,
    /* The answer is not a well-formed DNS message, is for another question, holds a TXT
       record whose character-strings overrun its data, or a CNAME chain longer than 16 (or
       a loop). */
    SSO_DNS_MALFORMED_ANSWER = 7,
    /* An IPv6 nameserver on a C library whose resolver state cannot hold one. */
    SSO_DNS_UNSUPPORTED = 8,
};

/* The size of the answer buffer and the least records_capacity callers pass: the largest
   DNS message over TCP is 65,535 bytes, and the records written never exceed the answer. */
#define SSO_DNS_RECORDS_CAPACITY 65536

/* Which nameserver to ask and how patiently. */
struct sso_dns_query_options {
    /* 0: the system's resolver configuration (/etc/resolv.conf); 4: the IPv4 address in
       address[0..3]; 6: the IPv6 address in address[0..15]. */
    int family;
    /* Network byte order (as inet_pton writes it). */
    unsigned char address[16];
    /* The nameserver's port (host byte order, 1-65535); ignored for family 0. */
    unsigned short port;
    /* Seconds to wait for each UDP try (1-30): the resolver counts whole seconds. */
    int timeout_seconds;
    /* UDP tries (1-5). */
    int tries;
};

/* What a call found. */
struct sso_dns_result {
    /* enum sso_dns_status. */
    int status;
    /* The answer's RCODE, or -1 when no answer was read. */
    int rcode;
    /* The answer's TC flag: 1 when even the answer that came back is truncated (the TCP
       retry failed), so records may be missing. */
    int truncated;
    /* errno for SSO_DNS_TIMEOUT, SSO_DNS_UNREACHABLE and SSO_DNS_SEND_FAILED; else 0. */
    int system_error;
    /* TXT records written to the records buffer. */
    int record_count;
    /* TXT records of the answer section that were left out because their owner is not
       the queried name (or the end of its CNAME chain), or their class is not IN. */
    int ignored_count;
    /* Bytes written to the records buffer. */
    size_t records_length;
};

/* Looks up the TXT records of name (presentation form, such as "_sso-verification.acme.com")
   with res_nmkquery(ns_o_query, name, ns_c_in, ns_t_txt) and res_nsend, at the nameserver in
   options (or the system's), and reads every TXT record of the answer section whose owner is
   name, following CNAME records in the answer.

   records (records_capacity >= SSO_DNS_RECORDS_CAPACITY bytes) receives, for each TXT record in
   answer order, its data length as two bytes (big-endian) followed by its data exactly as
   received: a run of character-strings, each a length byte and that many arbitrary bytes
   (checked to fit the record).

   SERVFAIL, NXDOMAIN and REFUSED answers come back as SSO_DNS_ANSWERED with their rcode (the
   resolver state is set up like dig's, so res_nsend returns them instead of trying the next
   server). A truncated UDP answer is retried over TCP by res_nsend itself; note that the C
   library's TCP exchange has no time-out of its own, so callers that must not block past a
   deadline bound the call from outside.

   Returns the status (also in result->status). result is always filled when non-NULL. */
int sso_dns_query_txt(const char *name, const struct sso_dns_query_options *options,
                      struct sso_dns_result *result, unsigned char *records, size_t records_capacity);

/* Reads a DNS answer message already received (the second half of sso_dns_query_txt, exposed
   so tests can feed it crafted and hostile messages). name is the queried name; when the
   message has a question, it must be name (case-insensitively). records_capacity must be at
   least length. Returns SSO_DNS_ANSWERED, SSO_DNS_MALFORMED_ANSWER or SSO_DNS_INVALID_ARGUMENT;
   fills result and records as above. */
int sso_dns_parse_txt_answer(const unsigned char *answer, size_t length, const char *name,
                             struct sso_dns_result *result, unsigned char *records,
                             size_t records_capacity);
#endif
