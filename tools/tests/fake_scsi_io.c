// SPDX-License-Identifier: GPL-2.0-only
/*
 * scsi_io.c's stand-in for the tests: the tests must never send a SCSI
 * command to a disk of the machine they run on. It counts calls and
 * answers from the table a test sets (fake_scsi_io.h).
 */
#include <stdio.h>
#include <string.h>

#include "fake_scsi_io.h"
#include "lib/scsi_io.h"
#include "lib/wwid.h"

const struct fake_answer *fake_answers;
size_t fake_nr_answers;
int fake_sgio_calls;

void fake_sgio_reset(void)
{
	fake_answers = NULL;
	fake_nr_answers = 0;
	fake_sgio_calls = 0;
}

static const char *const names[] = {
	[FAKE_INQUIRY] = "INQUIRY", [FAKE_VPD80] = "INQUIRY VPD 0x80",
	[FAKE_VPD83] = "INQUIRY VPD 0x83",
	[FAKE_RTPG] = "REPORT TARGET PORT GROUPS",
};

static long answer(enum fake_cmd cmd, const char *devnode, unsigned char *buf,
		   size_t len, char *err, size_t errlen)
{
	size_t i, n;

	fake_sgio_calls++;
	for (i = 0; i < fake_nr_answers; i++) {
		if (fake_answers[i].cmd != cmd ||
		    strcmp(fake_answers[i].devnode, devnode))
			continue;
		memset(buf, 0, len);
		n = fake_answers[i].len < len ? fake_answers[i].len : len;
		memcpy(buf, fake_answers[i].data, n);
		return (long)n;
	}
	snprintf(err, errlen, "%s: %s failed: no SG_IO in tests", devnode,
		 names[cmd]);
	return -1;
}

long scsi_io_read_vpd83(const char *devnode, unsigned char *buf, size_t len,
		   char *err, size_t errlen)
{
	return answer(FAKE_VPD83, devnode, buf, len, err, errlen);
}

long scsi_io_read_vpd80(const char *devnode, unsigned char *buf, size_t len,
		   char *err, size_t errlen)
{
	return answer(FAKE_VPD80, devnode, buf, len, err, errlen);
}

long scsi_io_read_inquiry(const char *devnode, unsigned char *buf, size_t len,
		     char *err, size_t errlen)
{
	return answer(FAKE_INQUIRY, devnode, buf, len, err, errlen);
}

long scsi_io_read_rtpg(const char *devnode, unsigned char *buf, size_t len,
		  char *err, size_t errlen)
{
	return answer(FAKE_RTPG, devnode, buf, len, err, errlen);
}
