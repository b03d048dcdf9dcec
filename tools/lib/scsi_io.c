// SPDX-License-Identifier: GPL-2.0-only
/*
 * INQUIRY (standard, VPD 0x80, VPD 0x83) and REPORT TARGET PORT GROUPS
 * through libsgutils2 (SG_IO): VPD 0x83 for when sysfs has no
 * vpd_pg83, the rest for path grouping. Kept apart so that only the
 * real binary links -lsgutils2; the tests link tests/fake_sgio.c and
 * send nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <scsi/sg_cmds_basic.h>
#include <scsi/sg_cmds_extra.h>
#include <scsi/sg_lib.h>

#include "lib/scsi_io.h"
#include "lib/wwid.h"

enum cmd { STD_INQUIRY, VPD_80, VPD_83, RTPG };

static const char *const cmd_names[] = {
	[STD_INQUIRY] = "INQUIRY", [VPD_80] = "INQUIRY VPD 0x80",
	[VPD_83] = "INQUIRY VPD 0x83", [RTPG] = "REPORT TARGET PORT GROUPS",
};

/* What the answer in @buf says it holds: its length fields. */
static long claimed(enum cmd c, const unsigned char *buf)
{
	unsigned long rd;

	switch (c) {
	case STD_INQUIRY:
		return 5 + (long)buf[4];
	case RTPG:
		/* 8: room for an extended header LIO does not count. */
		rd = (unsigned long)buf[0] << 24 | (unsigned long)buf[1] << 16 |
		     (unsigned long)buf[2] << 8 | buf[3];
		return rd > 0x7fff0000ul ? 0x7fff0000L : 8 + (long)rd;
	default:
		return 4 + ((long)buf[2] << 8 | buf[3]);
	}
}

static long send_cmd(enum cmd c, const char *devnode, unsigned char *buf,
		     size_t len, char *err, size_t errlen)
{
	size_t max = c == RTPG ? 0x7fffffff : 0xffff;
	char why[128];
	long n;
	int fd, r;

	if (len < 8) {
		snprintf(err, errlen, "SCSI buffer too small");
		return -1;
	}
	if (len > max)
		len = max;	/* the CDB's allocation length */
	/* O_NONBLOCK: do not wait on a device that is being opened. */
	fd = open(devnode, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", devnode, strerror(errno));
		return -1;
	}
	memset(buf, 0, len);
	switch (c) {
	case STD_INQUIRY:
		r = sg_ll_inquiry(fd, false, false, 0, buf, (int)len, false, 0);
		break;
	case VPD_80:
	case VPD_83:
		r = sg_ll_inquiry(fd, false, true, c == VPD_80 ? 0x80 : 0x83,
				  buf, (int)len, false, 0);
		break;
	default:
		r = sg_ll_report_tgt_prt_grp2(fd, buf, (int)len, false, false,
					      0);
		break;
	}
	close(fd);
	if (r) {
		sg_get_category_sense_str(r, sizeof(why), why, 0);
		snprintf(err, errlen, "%s: %s failed: %s", devnode, cmd_names[c],
			 why);
		return -1;
	}
	/* The device says how much it sent; no more than was asked for. */
	n = claimed(c, buf);
	return n > (long)len ? (long)len : n;
}

long scsi_io_read_vpd83(const char *devnode, unsigned char *buf, size_t len,
		   char *err, size_t errlen)
{
	return send_cmd(VPD_83, devnode, buf, len, err, errlen);
}

long scsi_io_read_vpd80(const char *devnode, unsigned char *buf, size_t len,
		   char *err, size_t errlen)
{
	return send_cmd(VPD_80, devnode, buf, len, err, errlen);
}

long scsi_io_read_inquiry(const char *devnode, unsigned char *buf, size_t len,
		     char *err, size_t errlen)
{
	return send_cmd(STD_INQUIRY, devnode, buf, len, err, errlen);
}

long scsi_io_read_rtpg(const char *devnode, unsigned char *buf, size_t len,
		  char *err, size_t errlen)
{
	return send_cmd(RTPG, devnode, buf, len, err, errlen);
}
