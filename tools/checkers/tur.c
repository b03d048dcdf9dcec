// SPDX-License-Identifier: GPL-2.0-only
/* TEST UNIT READY outcomes (see tur.h), after multipath-tools' tur.c. */
#include "checkers/tur.h"

#define KEY_NO_SENSE		0x0
#define KEY_RECOVERED_ERROR	0x1
#define KEY_NOT_READY		0x2
#define KEY_ILLEGAL_REQUEST	0x5
#define KEY_UNIT_ATTENTION	0x6

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

int tur_sense(const unsigned char *sense, size_t len, unsigned int *key,
	      unsigned int *asc, unsigned int *ascq)
{
	if (len < 1)
		return -1;
	switch (sense[0] & 0x7f) {
	case 0x70:
	case 0x71:
		/* Fixed: key in byte 2, ASC and ASCQ in bytes 12 and 13. */
		if (len < 14 || sense[7] + 8U < 14)
			return -1;
		*key = sense[2] & 0xf;
		*asc = sense[12];
		*ascq = sense[13];
		return 0;
	case 0x72:
	case 0x73:
		/* Descriptor: key, ASC, ASCQ in bytes 1 to 3. */
		if (len < 4)
			return -1;
		*key = sense[1] & 0xf;
		*asc = sense[2];
		*ascq = sense[3];
		return 0;
	default:
		return -1;
	}
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
