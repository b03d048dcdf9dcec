/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a TEST UNIT READY's outcome says about a path, with the meanings
 * of multipath-tools' tur checker. Pure functions: the checker that
 * sends the command comes later; these are its unit-tested core.
 */
#ifndef MPATH2CTL_TUR_H
#define MPATH2CTL_TUR_H

#include <stddef.h>

enum tur_state {
	TUR_UP,			/* usable */
	TUR_DOWN,		/* fail the path */
	TUR_GHOST,		/* NOT READY 04/0b: ALUA standby port */
	TUR_PENDING,		/* NOT READY 04/0a: ALUA transitioning */
	TUR_DISCONNECTED,	/* ILLEGAL REQUEST 25/00: LUN gone */
	TUR_RETRY,		/* UNIT ATTENTION, busy: ask again */
};

#define SCSI_GOOD			0x00
#define SCSI_CHECK_CONDITION		0x02
#define SCSI_BUSY			0x08
#define SCSI_RESERVATION_CONFLICT	0x18
#define SCSI_TASK_SET_FULL		0x28

/*
 * The path's state from the SCSI @status and, for CHECK CONDITION, the
 * sense key, ASC and ASCQ. A reservation conflict means the LUN answered:
 * another host holds it, the path itself works.
 */
enum tur_state tur_classify(unsigned int status, unsigned int key,
			    unsigned int asc, unsigned int ascq);

/*
 * Sense key, ASC and ASCQ from @len bytes of sense data, fixed (0x70,
 * 0x71) or descriptor (0x72, 0x73) format, read by libsgutils2's
 * sg_scsi_normalize_sense(). 0, or -1 if of another format or too short
 * to hold the ASC and ASCQ (fixed: 14 bytes and an additional length of
 * at least 6; descriptor: 4 bytes). A deferred error (0x71, 0x73) is
 * read as a current one here: see tur_sense_deferred().
 */
int tur_sense(const unsigned char *sense, size_t len, unsigned int *key,
	      unsigned int *asc, unsigned int *ascq);

/*
 * Whether @len bytes of sense data report a deferred error (response
 * code 0x71 or 0x73, SPC-4 4.5.5): the error of an earlier command,
 * reported on this one, which the device server did not perform. A TUR
 * that gets one is asked again, as the kernel's scsi_check_sense()
 * retries such a command: the answer says nothing of the path yet.
 */
int tur_sense_deferred(const unsigned char *sense, size_t len);

const char *tur_state_name(enum tur_state s);

#endif
