// SPDX-License-Identifier: GPL-2.0-only
/*
 * Path device sizes from sysfs (see blockdev.h). sysfs rather than the
 * BLKGETSIZE64 ioctl: no need to open the disk, and a fake tree tests it.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/blockdev.h"
#include "lib/sysfs.h"

#define MAX_SECTORS	(~0ULL >> 9)	/* a byte count must fit 64 bits */
#define MAX_LBS		65536		/* the kernel's largest block size */

int blockdev_read(const char *sysfs, unsigned int major, unsigned int minor,
		  struct blockdev *bd, char *err, size_t errlen)
{
	char dir[PATH_MAX];
	int r;

	if (!sysfs) {
		snprintf(err, errlen, "no sysfs to read device sizes from");
		return -1;
	}
	r = snprintf(dir, sizeof(dir), "%s/dev/block/%u:%u", sysfs, major,
		     minor);
	if (r < 0 || (size_t)r >= sizeof(dir)) {
		snprintf(err, errlen, "sysfs path too long");
		return -1;
	}
	return blockdev_read_dir(dir, major, minor, bd, err, errlen);
}

int blockdev_read_dir(const char *dir, unsigned int major, unsigned int minor,
		      struct blockdev *bd, char *err, size_t errlen)
{
	unsigned long long lbs;

	bd->major = major;
	bd->minor = minor;
	if (sysfs_read_ull(dir, "size", MAX_SECTORS, &bd->sectors, err, errlen))
		return -1;
	/* A partition has no queue/ of its own: its disk's is one up. */
	if (sysfs_read_ull(dir, "queue/logical_block_size", MAX_LBS, &lbs, err,
			   errlen) &&
	    sysfs_read_ull(dir, "../queue/logical_block_size", MAX_LBS, &lbs,
			   err, errlen))
		return -1;
	if (lbs < 512 || (lbs & (lbs - 1))) {
		snprintf(err, errlen, "%u:%u: logical block size %llu is not a"
			 " power of two >= 512", major, minor, lbs);
		return -1;
	}
	bd->lbs = (unsigned int)lbs;
	return 0;
}

int blockdev_same(const struct blockdev *bd, size_t nr, char *err,
		  size_t errlen)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		if (!bd[i].sectors) {
			snprintf(err, errlen, "%u:%u has size 0 (no medium, or"
				 " the LUN is gone)", bd[i].major, bd[i].minor);
			return -1;
		}
		if (bd[i].sectors != bd[0].sectors) {
			snprintf(err, errlen, "paths differ in size: %u:%u has %llu"
				 " sectors, %u:%u has %llu", bd[0].major,
				 bd[0].minor, bd[0].sectors, bd[i].major,
				 bd[i].minor, bd[i].sectors);
			return -1;
		}
		if (bd[i].lbs != bd[0].lbs) {
			snprintf(err, errlen, "paths differ in logical block size:"
				 " %u:%u has %u, %u:%u has %u", bd[0].major,
				 bd[0].minor, bd[0].lbs, bd[i].major,
				 bd[i].minor, bd[i].lbs);
			return -1;
		}
	}
	return 0;
}

int blockdev_grown(const struct blockdev *bd, size_t nr,
		   unsigned long long map_sectors, unsigned long long *sectors,
		   char *err, size_t errlen)
{
	size_t i;

	if (!nr) {
		snprintf(err, errlen, "no path");
		return -1;
	}
	for (i = 0; i < nr; i++) {
		if (bd[i].sectors < map_sectors) {
			snprintf(err, errlen, "%u:%u has %llu sectors, fewer than"
				 " the map's %llu: a path smaller than the map"
				 " is refused (shrinking is not supported)",
				 bd[i].major, bd[i].minor, bd[i].sectors,
				 map_sectors);
			return -1;
		}
	}
	/* Equal sizes and block sizes; none is 0, as none is below the map. */
	if (blockdev_same(bd, nr, err, errlen))
		return -1;
	*sectors = bd[0].sectors;
	return 0;
}
