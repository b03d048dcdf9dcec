// SPDX-License-Identifier: GPL-2.0-only
/* Persistent reservations: CDBs, parameter lists, answers (see pr.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "checkers/tur.h"
#include "lib/pr.h"

#define DRIVER_TIMEOUT	0x06	/* the kernel's, not in <scsi/sg.h> */

static const struct {
	unsigned int code;
	const char *name, *abbrev;
} types[] = {
	{ 1, "write-exclusive", "we" },
	{ 3, "exclusive-access", "ea" },
	{ 5, "write-exclusive-registrants-only", "we-ro" },
	{ 6, "exclusive-access-registrants-only", "ea-ro" },
	{ 7, "write-exclusive-all-registrants", "we-ar" },
	{ 8, "exclusive-access-all-registrants", "ea-ar" },
};

#define NR_TYPES (sizeof(types) / sizeof(types[0]))

int pr_type_parse(const char *s, unsigned int *type, char *err,
		  size_t errlen)
{
	size_t i;

	for (i = 0; i < NR_TYPES; i++) {
		if (!strcmp(s, types[i].name) || !strcmp(s, types[i].abbrev) ||
		    (s[0] == '0' + (int)types[i].code && !s[1])) {
			*type = types[i].code;
			return 0;
		}
	}
	snprintf(err, errlen, "unknown reservation type '%.40s' (we, ea, we-ro,"
		 " ea-ro, we-ar, ea-ar, or 1, 3, 5-8)", s);
	return -1;
}

const char *pr_type_name(unsigned int type)
{
	static char other[16];
	size_t i;

	for (i = 0; i < NR_TYPES; i++)
		if (types[i].code == type)
			return types[i].name;
	snprintf(other, sizeof(other), "type 0x%x", type & 0xff);
	return other;
}

const char *pr_type_short(unsigned int type)
{
	size_t i;

	for (i = 0; i < NR_TYPES; i++)
		if (types[i].code == type)
			return types[i].abbrev;
	return "?";
}

int pr_key_parse(const char *s, uint64_t *key, char *err, size_t errlen)
{
	const char *p = s;
	uint64_t k = 0;
	size_t n = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	for (; *p; p++, n++) {
		if (!isxdigit((unsigned char)*p) || n == 16)
			break;
		k = k << 4 | (uint64_t)(isdigit((unsigned char)*p) ? *p - '0' :
					tolower((unsigned char)*p) - 'a' + 10);
	}
	if (!n || *p) {
		snprintf(err, errlen, "'%.40s' is not a reservation key (1-16"
			 " hex digits, 0x allowed)", s);
		return -1;
	}
	*key = k;
	return 0;
}

static void put_be64(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

static uint64_t get_be64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static uint32_t get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

void pr_out_cdb(unsigned char cdb[PR_CDB_LEN], enum pr_out_sa sa,
		unsigned int type)
{
	memset(cdb, 0, PR_CDB_LEN);
	cdb[0] = 0x5f;				/* PERSISTENT RESERVE OUT */
	cdb[1] = (unsigned char)sa & 0x1f;
	cdb[2] = (unsigned char)type & 0x0f;	/* scope 0: LU_SCOPE */
	cdb[8] = PR_PARAM_LEN;			/* parameter list length */
}

void pr_in_cdb(unsigned char cdb[PR_CDB_LEN], enum pr_in_sa sa,
	       unsigned int alloc_len)
{
	memset(cdb, 0, PR_CDB_LEN);
	cdb[0] = 0x5e;				/* PERSISTENT RESERVE IN */
	cdb[1] = (unsigned char)sa & 0x1f;
	cdb[7] = (unsigned char)(alloc_len >> 8);
	cdb[8] = (unsigned char)alloc_len;
}

void pr_out_param(unsigned char p[PR_PARAM_LEN], uint64_t key,
		  uint64_t sa_key)
{
	memset(p, 0, PR_PARAM_LEN);
	put_be64(p, key);
	put_be64(p + 8, sa_key);
	/* APTPL, ALL_TG_PT and SPEC_I_PT 0: this I_T nexus only. */
}

int pr_parse_keys(const unsigned char *buf, size_t len, struct pr_keys *k,
		  char *err, size_t errlen)
{
	uint32_t add;
	size_t i;

	memset(k, 0, sizeof(*k));
	if (len < 8) {
		snprintf(err, errlen, "READ KEYS answer of %zu bytes, fewer than"
			 " its 8-byte header", len);
		return -1;
	}
	k->generation = get_be32(buf);
	add = get_be32(buf + 4);
	if (add % 8) {
		snprintf(err, errlen, "READ KEYS: additional length %u is not"
			 " a multiple of 8", add);
		return -1;
	}
	k->nr = add / 8;
	for (i = 0; i < k->nr && i < PR_MAX_KEYS && 8 + 8 * (i + 1) <= len; i++)
		k->keys[i] = get_be64(buf + 8 + 8 * i);
	k->kept = i;
	return 0;
}

int pr_parse_resv(const unsigned char *buf, size_t len, struct pr_resv *r,
		  char *err, size_t errlen)
{
	uint32_t add;

	memset(r, 0, sizeof(*r));
	if (len < 8) {
		snprintf(err, errlen, "READ RESERVATION answer of %zu bytes,"
			 " fewer than its 8-byte header", len);
		return -1;
	}
	r->generation = get_be32(buf);
	add = get_be32(buf + 4);
	if (!add)
		return 0;
	if (add < 16 || len < 24) {
		snprintf(err, errlen, "READ RESERVATION: a reservation of %u"
			 " bytes (%zu received), not 16", add, len);
		return -1;
	}
	r->held = 1;
	r->key = get_be64(buf + 8);
	r->scope = buf[21] >> 4;
	r->type = buf[21] & 0x0f;
	return 0;
}

int pr_has_key(const struct pr_keys *k, uint64_t key)
{
	size_t i;

	for (i = 0; i < k->kept; i++)
		if (k->keys[i] == key)
			return 1;
	return 0;
}

int pr_unit_attention(const struct pr_answer *a)
{
	return a->outcome == PR_CHECK && a->key == 0x06;
}

void pr_classify(struct pr_answer *a, unsigned int status, unsigned int host,
		 unsigned int driver, const unsigned char *sense,
		 size_t sense_len)
{
	a->status = status & 0xff;
	a->host_status = host;
	a->driver_status = driver;
	a->key = a->asc = a->ascq = 0;
	if (host || (driver & 0x0f) == DRIVER_TIMEOUT) {
		a->outcome = PR_NO_ANSWER;
		return;
	}
	switch (a->status) {
	case SCSI_GOOD:
		a->outcome = PR_GOOD;
		break;
	case SCSI_RESERVATION_CONFLICT:
		a->outcome = PR_CONFLICT;
		break;
	case SCSI_CHECK_CONDITION:
		a->outcome = PR_CHECK;
		if (tur_sense(sense, sense_len, &a->key, &a->asc, &a->ascq))
			a->key = a->asc = a->ascq = 0xff;	/* unreadable */
		break;
	default:
		a->outcome = PR_STATUS;
		break;
	}
}

static const char *const sense_keys[16] = {
	"NO SENSE", "RECOVERED ERROR", "NOT READY", "MEDIUM ERROR",
	"HARDWARE ERROR", "ILLEGAL REQUEST", "UNIT ATTENTION", "DATA PROTECT",
	"BLANK CHECK", "VENDOR SPECIFIC", "COPY ABORTED", "ABORTED COMMAND",
	"0xc", "VOLUME OVERFLOW", "MISCOMPARE", "0xf",
};

/* The ASC/ASCQ pairs a PR command meets most, in words. */
static const char *asc_text(unsigned int asc, unsigned int ascq)
{
	if (asc == 0x08 && !ascq)
		return "logical unit communication failure";
	if (asc == 0x20 && !ascq)
		return "invalid command operation code: no PR support";
	if (asc == 0x24 && !ascq)
		return "invalid field in CDB";
	if (asc == 0x26 && !ascq)
		return "invalid field in parameter list";
	if (asc == 0x2a && ascq == 0x03)
		return "reservations preempted";
	if (asc == 0x2a && ascq == 0x04)
		return "reservations released";
	if (asc == 0x2a && ascq == 0x05)
		return "registrations preempted";
	if (asc == 0x29)
		return "power on or reset";
	if (asc == 0x04)
		return "not ready";
	if (asc == 0x3a)
		return "no medium";
	return NULL;
}

void pr_answer_text(const struct pr_answer *a, char *buf, size_t len)
{
	const char *t;

	switch (a->outcome) {
	case PR_GOOD:
		snprintf(buf, len, "GOOD");
		break;
	case PR_CONFLICT:
		snprintf(buf, len, "RESERVATION CONFLICT");
		break;
	case PR_CHECK:
		if (a->key == 0xff) {
			snprintf(buf, len, "CHECK CONDITION (no usable sense)");
			break;
		}
		t = asc_text(a->asc, a->ascq);
		snprintf(buf, len, "CHECK CONDITION %s %02x/%02x%s%s%s",
			 sense_keys[a->key & 0x0f], a->asc, a->ascq,
			 t ? " (" : "", t ? t : "", t ? ")" : "");
		break;
	case PR_STATUS:
		snprintf(buf, len, "SCSI status 0x%02x%s", a->status,
			 a->status == 0x08 ? " (BUSY)" :
			 a->status == 0x28 ? " (TASK SET FULL)" : "");
		break;
	case PR_NO_ANSWER:
		snprintf(buf, len, "no answer (host status 0x%x, driver status"
			 " 0x%x%s)", a->host_status, a->driver_status,
			 (a->driver_status & 0x0f) == DRIVER_TIMEOUT ||
			 a->host_status == 0x03 ? ", timed out" : "");
		break;
	default:
		snprintf(buf, len, "not sent: %s", a->why);
		break;
	}
}
