/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cleartext mail logins: POP3 USER/PASS (RFC 1939) and AUTH (RFC 5034), IMAP LOGIN and
 * AUTHENTICATE (RFC 9051, 3501), SMTP AUTH (RFC 4954), with the SASL PLAIN (RFC 4616) and LOGIN
 * mechanisms, and the server's verdict on each credential. Streaming and bounded like app-ftp:
 * the caller owns one struct iot_mail per session (iot_mail_init, or all zeroes for a session
 * whose protocol the server's greeting will tell) and feeds each direction in order, in any
 * segmentation. A password exists only in the event handed to the callback, then is wiped.
 *
 * The parser stops at a successful STARTTLS/STLS (what follows is TLS), skips an SMTP message
 * body (DATA, BDAT) and IMAP literals, and pairs a verdict with its command: by tag in IMAP, by
 * counting replies to pipelined commands in POP3 and SMTP. */
#ifndef IOTSEC_APP_APP_MAIL_H
#define IOTSEC_APP_APP_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IOT_MAIL_LINE_MAX 512  /* bytes of one client line kept (the rest is cut) */
#define IOT_MAIL_REPLY_MAX 256 /* bytes of one server line kept */
#define IOT_MAIL_USER_MAX 64   /* a user name longer than 63 bytes is cut */
#define IOT_MAIL_TAG_MAX 32    /* an IMAP tag longer than 31 bytes gets no verdict */

enum iot_mail_proto { IOT_MAIL_UNKNOWN = 0, IOT_MAIL_POP3, IOT_MAIL_IMAP, IOT_MAIL_SMTP };

enum iot_mail_event_type {
    IOT_MAIL_CREDENTIAL,   /* the client sent a user name and password in clear (or base64) */
    IOT_MAIL_LOGIN_OK,     /* the server accepted the last credential */
    IOT_MAIL_LOGIN_FAILED, /* the server refused it */
};

struct iot_mail_event {
    enum iot_mail_event_type type;
    const char *mech; /* "USER/PASS" (POP3), "LOGIN" (IMAP LOGIN or SASL LOGIN), "PLAIN";
                         "" for LOGIN_* */
    const char *user; /* NUL-terminated, cut to 63 bytes; LOGIN_*: the credential's user */
    const char *pass; /* NUL-terminated (it may hold NULs: see pass_len); "" for LOGIN_* */
    size_t pass_len;
    bool truncated; /* the user name or the password was cut */
};

/* Fixed-size, no pointers, no padding: two states fed the same bytes compare equal with memcmp.
 * Invariants: cli_len < IOT_MAIL_LINE_MAX, srv_len < IOT_MAIL_REPLY_MAX, user and tag are
 * NUL-terminated, a line buffer is all zeroes past its length, skip <= outstanding. */
struct iot_mail {
    uint64_t lit_wait;    /* IMAP: a synchronizing literal's size, awaiting the server's "+" */
    uint64_t skip_bytes;  /* client bytes to pass unparsed (an IMAP literal, an SMTP BDAT chunk) */
    uint32_t commands, replies; /* client and server lines seen */
    uint16_t outstanding; /* POP3, SMTP: commands sent whose final reply has not come */
    uint16_t unanswered;  /* POP3, SMTP: commands sent since the server's last final reply */
    uint16_t skip;        /* final replies to let pass before the pending command's */
    uint16_t cli_len, srv_len;
    uint8_t proto;        /* enum iot_mail_proto */
    uint8_t step;         /* where a login exchange is (private enum in app-mail.c) */
    uint8_t pending;      /* the command whose reply is awaited: none, a login, STARTTLS */
    uint8_t data;         /* SMTP: 1 after DATA, 2 inside the message body */
    bool greeted;         /* the server's first line was seen */
    bool stopped;         /* TLS started: nothing more is cleartext, the rest is ignored */
    bool lit_cont;        /* IMAP: the next client line continues a command after a literal */
    bool user_cut;
    bool cli_cut, srv_cut;
    char tag[IOT_MAIL_TAG_MAX]; /* IMAP: the pending command's tag ("" when unusable) */
    char user[IOT_MAIL_USER_MAX];
    char cli[IOT_MAIL_LINE_MAX];   /* the client's current line */
    char srv[IOT_MAIL_REPLY_MAX];  /* the server's current line */
};

typedef void (*iot_mail_cb)(void *user, const struct iot_mail_event *ev);

/* proto: from the port or iot_mail_guess(); a session whose protocol is unknown learns it from
 * the server's greeting (its first line). A zeroed struct is an UNKNOWN session. */
void iot_mail_init(struct iot_mail *m, enum iot_mail_proto proto);

/* Feeds len bytes the client (to_server) or the server sent; calls cb (may be NULL) for every
 * event. The event and its strings live only during the call. */
void iot_mail_feed(struct iot_mail *m, bool to_server, const uint8_t *data, size_t len,
                   iot_mail_cb cb, void *user);

/* The protocol a server greeting announces: "+OK" POP3, "* OK" IMAP, "220 " or "220-" with
 * SMTP/ESMTP/mail in the first line SMTP; else UNKNOWN. */
enum iot_mail_proto iot_mail_guess(const uint8_t *data, size_t len);

/* "pop3", "imap", "smtp", or "unknown". */
const char *iot_mail_proto_name(enum iot_mail_proto p);

#endif
