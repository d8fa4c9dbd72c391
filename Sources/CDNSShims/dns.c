#include "sso_dns.h"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Longer CNAME chains than this make the answer unreadable (resolvers stop near 8-16 too). */
#define SSO_DNS_MAX_CNAME_HOPS 16

static void reset_result(struct sso_dns_result *result) {
    memset(result, 0, sizeof(*result));
    result->rcode = -1;
}

static int finish(struct sso_dns_result *result, int status) {
    if (status != SSO_DNS_ANSWERED) {
        result->record_count = 0;
        result->ignored_count = 0;
        result->records_length = 0;
    }
    result->status = status;
    return status;
}

/* Points a freshly initialized state at one nameserver. Returns 0, or an sso_dns_status. */
static int use_nameserver(struct __res_state *state, const struct sso_dns_query_options *options) {
#ifdef __GLIBC__
    /* res_ninit keeps a malloc'd copy of each IPv6 server of resolv.conf in _u._ext.nsaddrs,
       and res_nclose frees only the first nscount of them: release them all now, before
       nscount shrinks to 1, so none leaks and none is mistaken for ours. */
    for (int index = 0; index < state->nscount && index < MAXNS; index++) {
        free(state->_u._ext.nsaddrs[index]);
        state->_u._ext.nsaddrs[index] = NULL;
    }
#endif
    if (options->family == 4) {
        struct sockaddr_in *server = &state->nsaddr_list[0];
        memset(server, 0, sizeof(*server));
        server->sin_family = AF_INET;
        server->sin_port = htons(options->port);
        memcpy(&server->sin_addr, options->address, 4);
        state->nscount = 1;
        return 0;
    }
#ifdef __GLIBC__
    /* glibc's res_send reads an IPv6 server from _u._ext.nsaddrs[n] when nsaddr_list[n] has
       family 0 (that is how res_ninit stores IPv6 servers of resolv.conf), and res_nclose
       frees it. */
    struct sockaddr_in6 *server = calloc(1, sizeof(*server));
    if (server == NULL) return SSO_DNS_INIT_FAILED;
    server->sin6_family = AF_INET6;
    server->sin6_port = htons(options->port);
    memcpy(&server->sin6_addr, options->address, 16);
    memset(&state->nsaddr_list[0], 0, sizeof(state->nsaddr_list[0]));
    state->_u._ext.nsaddrs[0] = server;
    state->nscount = 1;
    return 0;
#else
    return SSO_DNS_UNSUPPORTED;
#endif
}

static int status_for_send_error(int error) {
    switch (error) {
    case ETIMEDOUT:
        return SSO_DNS_TIMEOUT;
    case ECONNREFUSED:
    case ECONNRESET:
    case ECONNABORTED:
    case EHOSTUNREACH:
    case ENETUNREACH:
    case EHOSTDOWN:
    case ENETDOWN:
    case EPIPE:
        return SSO_DNS_UNREACHABLE;
    default:
        return SSO_DNS_SEND_FAILED;
    }
}

int sso_dns_query_txt(const char *name, const struct sso_dns_query_options *options,
                      struct sso_dns_result *result, unsigned char *records, size_t records_capacity) {
    if (result == NULL) return SSO_DNS_INVALID_ARGUMENT;
    reset_result(result);
    if (name == NULL || options == NULL || records == NULL || records_capacity < SSO_DNS_RECORDS_CAPACITY
        || (options->family != 0 && options->family != 4 && options->family != 6)
        || (options->family != 0 && options->port == 0)
        || options->timeout_seconds < 1 || options->timeout_seconds > 30
        || options->tries < 1 || options->tries > 5) {
        return finish(result, SSO_DNS_INVALID_ARGUMENT);
    }
    if (strlen(name) >= NS_MAXDNAME) return finish(result, SSO_DNS_INVALID_NAME);

    /* One state per call: res_ninit/res_nsend on a private state are thread-safe. */
    struct __res_state state;
    memset(&state, 0, sizeof(state));
    if (res_ninit(&state) != 0) {
        res_nclose(&state);
        return finish(result, SSO_DNS_INIT_FAILED);
    }
    if (options->family != 0) {
        int status = use_nameserver(&state, options);
        if (status != 0) {
            res_nclose(&state);
            return finish(result, status);
        }
    }
    state.retrans = options->timeout_seconds;
    state.retry = options->tries;
    /* A non-zero pfcode is how dig asks res_send to hand back SERVFAIL, NOTIMP and REFUSED
       answers (and empty non-authoritative ones) instead of trying the next server and
       failing with ETIMEDOUT/ECONNREFUSED: we need those rcodes to tell the admin what went
       wrong. */
    state.pfcode = RES_PRF_HEAD1;

    unsigned char query[NS_PACKETSZ];
    int query_length = res_nmkquery(&state, ns_o_query, name, ns_c_in, ns_t_txt, NULL, 0, NULL,
                                    query, (int)sizeof(query));
    if (query_length < 0) {
        res_nclose(&state);
        return finish(result, SSO_DNS_INVALID_NAME);
    }

    unsigned char *answer = malloc(SSO_DNS_RECORDS_CAPACITY);
    if (answer == NULL) {
        res_nclose(&state);
        return finish(result, SSO_DNS_INIT_FAILED);
    }
    errno = 0;
    int answer_length = res_nsend(&state, query, query_length, answer, SSO_DNS_RECORDS_CAPACITY);
    int send_error = errno;
    res_nclose(&state);
    if (answer_length < 0) {
        free(answer);
        result->system_error = send_error;
        return finish(result, status_for_send_error(send_error));
    }
    /* The TCP path reports the length the server announced even when it read less. */
    if (answer_length > SSO_DNS_RECORDS_CAPACITY) answer_length = SSO_DNS_RECORDS_CAPACITY;
    int status = sso_dns_parse_txt_answer(answer, (size_t)answer_length, name, result, records,
                                          records_capacity);
    free(answer);
    return status;
}

/* 1 when two names in presentation form are the same name (DNS compares ASCII letters without
   case, RFC 4343), 0 when not, -1 when either is not a valid name. ns_samename does this but is
   deprecated in glibc; the comparison is done on the wire forms, where escapes are resolved. */
static int same_name(const char *first, const char *second) {
    unsigned char first_wire[NS_MAXCDNAME];
    unsigned char second_wire[NS_MAXCDNAME];
    int first_length = ns_name_pton(first, first_wire, sizeof(first_wire));
    int second_length = ns_name_pton(second, second_wire, sizeof(second_wire));
    if (first_length < 0 || second_length < 0) return -1;
    /* ns_name_pton returns 1 for a fully qualified name and 0 otherwise; either way the wire
       form ends with the root label, so the names are compared whole. */
    size_t offset = 0;
    for (;;) {
        unsigned char label = first_wire[offset];
        if (label != second_wire[offset]) return 0;
        if (label == 0) return 1;
        for (size_t index = offset + 1; index <= offset + label; index++) {
            unsigned char a = first_wire[index], b = second_wire[index];
            if (a >= 'A' && a <= 'Z') a = (unsigned char)(a - 'A' + 'a');
            if (b >= 'A' && b <= 'Z') b = (unsigned char)(b - 'A' + 'a');
            if (a != b) return 0;
        }
        offset += 1 + (size_t)label;
    }
}

/* The end of name's CNAME chain in the answer section, written to target (NS_MAXDNAME bytes).
   Returns 0, or -1 when the message cannot be read or the chain is longer than
   SSO_DNS_MAX_CNAME_HOPS (which is also how a loop ends). */
static int follow_aliases(ns_msg *message, const char *name, char *target) {
    strcpy(target, name);
    int answers = ns_msg_count(*message, ns_s_an);
    for (int hop = 0; hop <= SSO_DNS_MAX_CNAME_HOPS; hop++) {
        int advanced = 0;
        for (int index = 0; index < answers && !advanced; index++) {
            ns_rr record;
            if (ns_parserr(message, ns_s_an, index, &record) < 0) return -1;
            if (ns_rr_type(record) != ns_t_cname || ns_rr_class(record) != ns_c_in) continue;
            int same = same_name(ns_rr_name(record), target);
            if (same < 0) return -1;
            if (same == 0) continue;
            if (hop == SSO_DNS_MAX_CNAME_HOPS) return -1;
            char next[NS_MAXDNAME];
            if (dn_expand(ns_msg_base(*message), ns_msg_end(*message), ns_rr_rdata(record),
                          next, (int)sizeof(next)) < 0) {
                return -1;
            }
            strcpy(target, next);
            advanced = 1;
        }
        if (!advanced) break;
    }
    return 0;
}

/* 1 when data is a run of whole character-strings, else 0. */
static int character_strings_fit(const unsigned char *data, size_t length) {
    size_t offset = 0;
    while (offset < length) offset += 1 + (size_t)data[offset];
    return offset == length;
}

int sso_dns_parse_txt_answer(const unsigned char *answer, size_t length, const char *name,
                             struct sso_dns_result *result, unsigned char *records,
                             size_t records_capacity) {
    if (result == NULL) return SSO_DNS_INVALID_ARGUMENT;
    reset_result(result);
    if ((answer == NULL && length > 0) || name == NULL || records == NULL || length > 65535
        || records_capacity < length) {
        return finish(result, SSO_DNS_INVALID_ARGUMENT);
    }
    if (strlen(name) >= NS_MAXDNAME) return finish(result, SSO_DNS_INVALID_ARGUMENT);
    if (length < NS_HFIXEDSZ) return finish(result, SSO_DNS_MALFORMED_ANSWER);

    ns_msg message;
    if (ns_initparse(answer, (int)length, &message) < 0) return finish(result, SSO_DNS_MALFORMED_ANSWER);
    if (!ns_msg_getflag(message, ns_f_qr)) return finish(result, SSO_DNS_MALFORMED_ANSWER);
    result->rcode = ns_msg_getflag(message, ns_f_rcode);
    result->truncated = ns_msg_getflag(message, ns_f_tc);

    int questions = ns_msg_count(message, ns_s_qd);
    if (questions > 1) return finish(result, SSO_DNS_MALFORMED_ANSWER);
    if (questions == 1) {
        ns_rr question;
        if (ns_parserr(&message, ns_s_qd, 0, &question) < 0
            || same_name(ns_rr_name(question), name) != 1
            || ns_rr_type(question) != ns_t_txt) {
            return finish(result, SSO_DNS_MALFORMED_ANSWER);
        }
    }
    if (result->rcode != ns_r_noerror) return finish(result, SSO_DNS_ANSWERED);

    char owner[NS_MAXDNAME];
    if (follow_aliases(&message, name, owner) < 0) return finish(result, SSO_DNS_MALFORMED_ANSWER);

    /* Each record takes 2 + rdlength bytes here and at least 11 + rdlength in the message,
       so records_capacity >= length always suffices. */
    size_t written = 0;
    int answers = ns_msg_count(message, ns_s_an);
    for (int index = 0; index < answers; index++) {
        ns_rr record;
        if (ns_parserr(&message, ns_s_an, index, &record) < 0) {
            return finish(result, SSO_DNS_MALFORMED_ANSWER);
        }
        if (ns_rr_type(record) != ns_t_txt) continue;
        int same = same_name(ns_rr_name(record), owner);
        if (same < 0) return finish(result, SSO_DNS_MALFORMED_ANSWER);
        if (same == 0 || ns_rr_class(record) != ns_c_in) {
            result->ignored_count += 1;
            continue;
        }
        const unsigned char *data = ns_rr_rdata(record);
        size_t data_length = ns_rr_rdlen(record);
        if (!character_strings_fit(data, data_length) || written + 2 + data_length > records_capacity) {
            return finish(result, SSO_DNS_MALFORMED_ANSWER);
        }
        records[written] = (unsigned char)(data_length >> 8);
        records[written + 1] = (unsigned char)(data_length & 0xff);
        memcpy(records + written + 2, data, data_length);
        written += 2 + data_length;
        result->record_count += 1;
    }
    result->records_length = written;
    return finish(result, SSO_DNS_ANSWERED);
}
