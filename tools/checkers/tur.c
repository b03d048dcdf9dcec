// SPDX-License-Identifier: GPL-2.0-only
/* TEST UNIT READY outcomes (see tur.h), after multipath-tools' tur.c. */
#include <stdbool.h>
#include <stdint.h>

#include <scsi/sg_lib.h>

#include "checkers/tur.h"

#define KEY_NO_SENSE		0x0
#define KEY_RECOVERED_ERROR	0x1
#define KEY_NOT_READY		0x2
#define KEY_ILLEGAL_REQUEST	0x5
#define KEY_UNIT_ATTENTION	0x6

/* 8 header bytes and an additional length of at most 244 (SPC-4 4.5). */
#define SENSE_MAX		252

enum tur_state tur_classify(unsigned int status, unsigned int key,
			    unsigned int asc, unsigned int ascq)
{
	switch (status) {
	case SCSI_GOOD:
	case SCSI_RESERVATION_CONFLICT:
		return TUR_UP;
	case SCSI_BUSY:
	case SCSI_TASK_SET_FULL:
		return TUR_RETRY;
	case SCSI_CHECK_CONDITION:
		break;
	default:
		return TUR_DOWN;
	}
	switch (key) {
	case KEY_RECOVERED_ERROR:	/* done, with a warning */
		return TUR_UP;
	case KEY_UNIT_ATTENTION:	/* reset, capacity change, ... */
		return TUR_RETRY;
	case KEY_NOT_READY:
		if (asc == 0x04 && ascq == 0x0b)
			return TUR_GHOST;
		if (asc == 0x04 && ascq == 0x0a)
			return TUR_PENDING;
		return TUR_DOWN;
	case KEY_ILLEGAL_REQUEST:
		if (asc == 0x25 && ascq == 0x00)
			return TUR_DISCONNECTED;
		return TUR_DOWN;
	default:
		return TUR_DOWN;
	}
}

/*
 * Whether the ASC and ASCQ the device sent are in the @len bytes at
 * @sense, whose response code @rc libsgutils2 has read. The library
 * fills what is missing with zeros, which would read as "NO ADDITIONAL
 * SENSE INFORMATION", a claim the device never made: a NOT READY cut
 * before its 04/0b is not a standby port, and pr.c would print 00/00.
 */
static int has_asc(const unsigned char *sense, size_t len, unsigned int rc)
{
	if (rc >= 0x72)		/* descriptor: header bytes 2 and 3 */
		return len >= 4;
	/* Fixed: bytes 12 and 13, and inside the additional length. */
	return len >= 14 && sense[7] + 8U >= 14;
}

int tur_sense(const unsigned char *sense, size_t len, unsigned int *key,
	      unsigned int *asc, unsigned int *ascq)
{
	struct sg_scsi_sense_hdr h;

	if (len > SENSE_MAX)
		len = SENSE_MAX;	/* what follows is never read */
	if (!sense || !sg_scsi_normalize_sense(sense, (int)len, &h) ||
	    !has_asc(sense, len, h.response_code))
		return -1;
	*key = h.sense_key;
	*asc = h.asc;
	*ascq = h.ascq;
	return 0;
}

int tur_sense_deferred(const unsigned char *sense, size_t len)
{
	unsigned int rc = len ? sense[0] & 0x7f : 0;

	return rc == 0x71 || rc == 0x73;
}

const char *tur_state_name(enum tur_state s)
{
	static const char *const names[] = {
		[TUR_UP] = "up", [TUR_DOWN] = "down", [TUR_GHOST] = "ghost",
		[TUR_PENDING] = "pending", [TUR_DISCONNECTED] = "disconnected",
		[TUR_RETRY] = "retry",
	};

	return (unsigned int)s < sizeof(names) / sizeof(names[0]) ?
	       names[s] : "?";
}
