// SPDX-License-Identifier: GPL-2.0-only
/* WWIDs of path devices (see wwid.h): sysfs first, SG_IO if need be. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/vpd.h"
#include "lib/wwid.h"

int wwid_from_sysfs(const char *devdir, char *wwid, size_t wwidlen,
		    char *err, size_t errlen)
{
	unsigned char *page;
	char path[PATH_MAX];
	size_t n;
	FILE *f;
	int r;

	r = snprintf(path, sizeof(path), "%s/device/vpd_pg83", devdir);
	if (r < 0 || (size_t)r >= sizeof(path)) {
		snprintf(err, errlen, "sysfs path too long");
		return WWID_ERR;
	}
	f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return errno == ENOENT ? WWID_NOPAGE : WWID_ERR;
	}
	page = malloc(VPD_PAGE_MAX);
	if (!page) {
		fclose(f);
		snprintf(err, errlen, "out of memory");
		return WWID_ERR;
	}
	n = fread(page, 1, VPD_PAGE_MAX, f);
	r = ferror(f);
	fclose(f);
	if (r) {
		snprintf(err, errlen, "%s: read error", path);
		r = WWID_ERR;
	} else if (vpd_83_wwid(page, n, wwid, wwidlen, err, errlen)) {
		size_t m = strlen(err);

		/* Name the file: the reason alone does not say which path. */
		if (m < errlen)
			snprintf(err + m, errlen - m, " (%s)", path);
		r = WWID_ERR;
	}
	free(page);
	return r;
}

int wwid_read(const char *sysfs, unsigned int major, unsigned int minor,
	      const char *devnode, char *wwid, size_t wwidlen,
	      char *err, size_t errlen)
{
	unsigned char *page;
	char dir[PATH_MAX];
	long n;
	int r;

	if (sysfs) {
		r = snprintf(dir, sizeof(dir), "%s/dev/block/%u:%u", sysfs,
			     major, minor);
		if (r < 0 || (size_t)r >= sizeof(dir)) {
			snprintf(err, errlen, "sysfs path too long");
			return WWID_ERR;
		}
		r = wwid_from_sysfs(dir, wwid, wwidlen, err, errlen);
		if (r != WWID_NOPAGE || !devnode)
			return r;
	}
	if (!devnode) {
		snprintf(err, errlen, "%u:%u: no sysfs and no device node",
			 major, minor);
		return WWID_ERR;
	}
	page = malloc(VPD_PAGE_MAX);
	if (!page) {
		snprintf(err, errlen, "out of memory");
		return WWID_ERR;
	}
	n = scsi_io_read_vpd83(devnode, page, VPD_PAGE_MAX, err, errlen);
	r = n < 0 || vpd_83_wwid(page, (size_t)n, wwid, wwidlen, err, errlen) ?
	    WWID_ERR : 0;
	free(page);
	return r;
}
