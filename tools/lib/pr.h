/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SCSI-3 persistent reservations (SPC-4 6.15, 6.16): the CDBs and the
 * PERSISTENT RESERVE OUT parameter list, the PERSISTENT RESERVE IN
 * answers (READ KEYS, READ RESERVATION), reservation types and keys as
 * the command line spells them, and what one command's outcome was on
 * one path. Pure functions; the SG_IO is pr_io.c (the tests link
 * tests/fake_pr_io.c instead).
 */
#ifndef MPATH2CTL_PR_H
#define MPATH2CTL_PR_H

#include <stddef.h>
#include <stdint.h>

/* PERSISTENT RESERVE OUT service actions. */
enum pr_out_sa {
	PR_REGISTER = 0x00,
	PR_RESERVE = 0x01,
	PR_RELEASE = 0x02,
	PR_CLEAR = 0x03,
	PR_PREEMPT = 0x04,
	PR_PREEMPT_ABORT = 0x05,
	PR_REGISTER_IGNORE = 0x06,	/* REGISTER AND IGNORE EXISTING KEY */
};

/* PERSISTENT RESERVE IN service actions. */
enum pr_in_sa {
	PR_READ_KEYS = 0x00,
	PR_READ_RESERVATION = 0x01,
};

#define PR_CDB_LEN	10
#define PR_PARAM_LEN	24	/* the basic PR OUT parameter list */
#define PR_MAX_KEYS	64	/* READ KEYS: more are counted, not kept */
#define PR_IN_LEN	(8 + 8 * PR_MAX_KEYS)

/*
 * The reservation types mpath2ctl sends (SPC-4 table 212): 1 Write
 * Exclusive, 3 Exclusive Access, 5/6 their Registrants Only forms, 7/8
 * their All Registrants forms. @type_code 0 is "none".
 */
/* The type named @s (a name of pr_type_name(), its short form, or its
 * number 1, 3, 5-8) into *@type. 0, or -1 with the reason in @err. */
int pr_type_parse(const char *s, unsigned int *type, char *err,
		  size_t errlen);
/* "write-exclusive-registrants-only", or "type 0x2" for one not sent. */
const char *pr_type_name(unsigned int type);
/* The short form: "we-ro", or "?". */
const char *pr_type_short(unsigned int type);

/* A key: 1-16 hex digits, "0x" allowed. 0, or -1 with the reason. */
int pr_key_parse(const char *s, uint64_t *key, char *err, size_t errlen);

/* The CDBs. @type is 0 where the service action takes none. */
void pr_out_cdb(unsigned char cdb[PR_CDB_LEN], enum pr_out_sa sa,
		unsigned int type);
void pr_in_cdb(unsigned char cdb[PR_CDB_LEN], enum pr_in_sa sa,
	       unsigned int alloc_len);
/* The 24-byte parameter list: reservation key, service action key. */
void pr_out_param(unsigned char p[PR_PARAM_LEN], uint64_t key,
		  uint64_t sa_key);

struct pr_keys {
	uint32_t generation;
	size_t nr;			/* registrations the LUN reported */
	size_t kept;			/* of them in @keys, <= PR_MAX_KEYS */
	uint64_t keys[PR_MAX_KEYS];
};

struct pr_resv {
	uint32_t generation;
	int held;			/* 0: no reservation */
	uint64_t key;
	unsigned int type, scope;
};

/* READ KEYS' and READ RESERVATION's answer, @len bytes received. 0, or
 * -1 with the reason (too short, a length that does not add up). */
int pr_parse_keys(const unsigned char *buf, size_t len, struct pr_keys *k,
		  char *err, size_t errlen);
int pr_parse_resv(const unsigned char *buf, size_t len, struct pr_resv *r,
		  char *err, size_t errlen);
/* 1 if @key is among @k's keys. */
int pr_has_key(const struct pr_keys *k, uint64_t key);

/* What a command got from a path. */
enum pr_outcome {
	PR_GOOD,		/* the LUN did it */
	PR_CONFLICT,		/* RESERVATION CONFLICT: the LUN refused */
	PR_CHECK,		/* CHECK CONDITION: the LUN refused, see sense */
	PR_STATUS,		/* another SCSI status (BUSY, TASK SET FULL) */
	PR_NO_ANSWER,		/* transport error or timeout: no answer */
	PR_NOT_SENT,		/* the device could not be opened or SG_IO failed */
};

struct pr_answer {
	enum pr_outcome outcome;
	unsigned int status, host_status, driver_status;
	unsigned int key, asc, ascq;	/* PR_CHECK with usable sense */
	size_t len;			/* data-in bytes received */
	char why[128];			/* PR_NOT_SENT: errno's text */
};

/*
 * Classify a completed SG_IO: SCSI @status, the transport's @host and
 * @driver status, @sense_len bytes of sense.
 */
void pr_classify(struct pr_answer *a, unsigned int status, unsigned int host,
		 unsigned int driver, const unsigned char *sense,
		 size_t sense_len);

/*
 * 1 if @a is a UNIT ATTENTION: the LUN did not run the command but tells
 * of an event first (a reservation released or preempted, a reset);
 * asked again, it runs it.
 */
int pr_unit_attention(const struct pr_answer *a);

/* One line for @a: "GOOD", "RESERVATION CONFLICT", "CHECK CONDITION
 * ILLEGAL REQUEST 24/00 (invalid field in CDB)", "no answer (host status
 * 0xe)", ... */
void pr_answer_text(const struct pr_answer *a, char *buf, size_t len);

#endif
