/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading a path's VPD page 0x83 and its WWID (vpd.h): from sysfs
 * (device/vpd_pg83, which the kernel reads once at scan time, so no
 * SCSI command is sent), or else with an INQUIRY through SG_IO (scsi_io.c).
 */
#ifndef MPATH2CTL_WWID_H
#define MPATH2CTL_WWID_H

#include <stddef.h>

/* Return values besides 0. */
#define WWID_ERR	(-1)	/* the page is there but unusable, or I/O failed */
#define WWID_NOPAGE	(-2)	/* no vpd_pg83 in sysfs (old kernel, not SCSI) */

/*
 * The WWID from <@devdir>/device/vpd_pg83, @devdir being a disk's sysfs
 * directory (/sys/block/sdb, /sys/dev/block/8:16). 0 or WWID_*.
 */
int wwid_from_sysfs(const char *devdir, char *wwid, size_t wwidlen,
		    char *err, size_t errlen);

/*
 * The same for block device @major:@minor under @sysfs; if sysfs has no
 * page and @devnode is not NULL, INQUIRY VPD 0x83 through SG_IO on it.
 */
int wwid_read(const char *sysfs, unsigned int major, unsigned int minor,
	      const char *devnode, char *wwid, size_t wwidlen,
	      char *err, size_t errlen);

/*
 * INQUIRY with EVPD for page 0x83 on @devnode into @buf (scsi_io.c; tests
 * link a fake that never sends anything). Bytes read, or -1 with @err.
 */
long scsi_io_read_vpd83(const char *devnode, unsigned char *buf, size_t len,
		   char *err, size_t errlen);

#endif
