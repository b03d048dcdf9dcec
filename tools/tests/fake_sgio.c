// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgio.c's stand-in for the tests: the tests must never send a SCSI
 * command to a disk of the machine they run on. It counts calls.
 */
#include <stdio.h>

#include "wwid.h"

int fake_sgio_calls;

long sg_read_vpd83(const char *devnode, unsigned char *buf, size_t len,
		   char *err, size_t errlen)
{
	(void)buf;
	(void)len;
	fake_sgio_calls++;
	snprintf(err, errlen, "%s: INQUIRY VPD 0x83 failed: no SG_IO in tests",
		 devnode);
	return -1;
}
