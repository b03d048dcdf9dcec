/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The answers tests/fake_sgio.c gives in place of SG_IO: a table the
 * test sets, one canned answer per device node and command. A command
 * with no answer there fails, as a device without SG_IO would.
 */
#ifndef MPATH2CTL_FAKE_SCSI_IO_H
#define MPATH2CTL_FAKE_SCSI_IO_H

#include <stddef.h>

enum fake_cmd { FAKE_INQUIRY, FAKE_VPD80, FAKE_VPD83, FAKE_RTPG };

struct fake_answer {
	const char *devnode;		/* "/dev/sdb" */
	enum fake_cmd cmd;
	const unsigned char *data;
	size_t len;
};

extern const struct fake_answer *fake_answers;
extern size_t fake_nr_answers;
extern int fake_sgio_calls;	/* every command, answered or not */

/* No answers, no calls. */
void fake_sgio_reset(void);

#endif
