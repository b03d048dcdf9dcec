/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SCSI commands path grouping sends through libsgutils2 (scsi_io.c;
 * the tests link tests/fake_sgio.c, which sends nothing). Each opens
 * @devnode read-only and non-blocking, fills @buf (zeroed first) and
 * returns the bytes the device says it sent, at most @len, or -1 with a
 * one-line reason in @err. INQUIRY VPD 0x83 is scsi_io_read_vpd83() (wwid.h).
 */
#ifndef MPATH2CTL_SCSI_IO_H
#define MPATH2CTL_SCSI_IO_H

#include <stddef.h>

/* Standard INQUIRY data. */
long scsi_io_read_inquiry(const char *devnode, unsigned char *buf, size_t len,
		     char *err, size_t errlen);

/* INQUIRY VPD page 0x80 (unit serial number). */
long scsi_io_read_vpd80(const char *devnode, unsigned char *buf, size_t len,
		   char *err, size_t errlen);

/*
 * REPORT TARGET PORT GROUPS, length-only header asked for. The count
 * allows for an extended header the device sends anyway (alua.h).
 */
long scsi_io_read_rtpg(const char *devnode, unsigned char *buf, size_t len,
		  char *err, size_t errlen);

#endif
