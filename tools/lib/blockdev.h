/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What create needs to know about a path device, read from sysfs
 * (<sysfs>/dev/block/MAJ:MIN/...), so that tests can point it at a fake
 * tree: its size and its logical block size. All paths of a map must
 * agree on both, or the map would be a different size than some path,
 * or issue I/O some path cannot take.
 */
#ifndef MPATH2CTL_BLOCKDEV_H
#define MPATH2CTL_BLOCKDEV_H

#include <stddef.h>

struct blockdev {
	unsigned int major, minor;
	unsigned long long sectors;	/* 512-byte sectors */
	unsigned int lbs;		/* logical block size, bytes */
};

/* Fill @bd for block device @major:@minor from @sysfs. 0 or -1. */
int blockdev_read(const char *sysfs, unsigned int major, unsigned int minor,
		  struct blockdev *bd, char *err, size_t errlen);

/* The same from the device's own sysfs directory @dir (/sys/block/sdb). */
int blockdev_read_dir(const char *dir, unsigned int major, unsigned int minor,
		      struct blockdev *bd, char *err, size_t errlen);

/* 0 if all @nr devices have the same non-zero size and block size. */
int blockdev_same(const struct blockdev *bd, size_t nr, char *err,
		  size_t errlen);

/*
 * Online resize: the size a map over the @nr devices @bd can grow to from
 * @map_sectors. All must report one size (paths that disagree have not
 * all seen the new capacity yet) and one block size; none may be smaller
 * than the map (the target refuses a path smaller than the map). 0 with
 * *@sectors set (== @map_sectors: nothing to do), or -1 with the reason.
 */
int blockdev_grown(const struct blockdev *bd, size_t nr,
		   unsigned long long map_sectors, unsigned long long *sectors,
		   char *err, size_t errlen);

#endif
