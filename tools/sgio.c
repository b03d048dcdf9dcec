// SPDX-License-Identifier: GPL-2.0-only
/*
 * INQUIRY VPD page 0x83 through libsgutils2 (SG_IO), for when sysfs has
 * no vpd_pg83. Kept apart so that only the real binary links
 * -lsgutils2; the tests link tests/fake_sgio.c and send nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <scsi/sg_cmds_basic.h>
#include <scsi/sg_lib.h>

#include "wwid.h"

long sg_read_vpd83(const char *devnode, unsigned char *buf, size_t len,
		   char *err, size_t errlen)
{
	char why[128];
	long n;
	int fd, r;

	if (len < 4) {
		snprintf(err, errlen, "VPD buffer too small");
		return -1;
	}
	if (len > 0xffff)
		len = 0xffff;	/* INQUIRY's allocation length is 16 bits */
	/* O_NONBLOCK: do not wait on a device that is being opened. */
	fd = open(devnode, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", devnode, strerror(errno));
		return -1;
	}
	memset(buf, 0, len);
	r = sg_ll_inquiry(fd, false, true, 0x83, buf, (int)len, false, 0);
	close(fd);
	if (r) {
		sg_get_category_sense_str(r, sizeof(why), why, 0);
		snprintf(err, errlen, "%s: INQUIRY VPD 0x83 failed: %s", devnode,
			 why);
		return -1;
	}
	/* The device says how much it sent; no more than was asked for. */
	n = 4 + ((long)buf[2] << 8 | buf[3]);
	return n > (long)len ? (long)len : n;
}
