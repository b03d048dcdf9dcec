/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading sysfs under a root the caller gives ("/sys", or a fake tree in
 * the tests): one line, one number, a block device's kernel name.
 */
#ifndef MPATH2CTL_SYSFS_H
#define MPATH2CTL_SYSFS_H

#include <stddef.h>

/*
 * Read <@dir>/@name as one decimal number (a trailing newline allowed),
 * at most @max. 0, or -1 with a reason naming the file in @err.
 */
int sysfs_read_ull(const char *dir, const char *name, unsigned long long max,
		   unsigned long long *val, char *err, size_t errlen);

/*
 * The first line of <@dir>/@file into @buf, without its newline and
 * trailing blanks (sysfs pads INQUIRY strings with spaces); "" if the
 * file is missing or unreadable, or the path too long.
 */
void sysfs_read_line(const char *dir, const char *file, char *buf,
		     size_t len);

/* The kernel's name for block device MAJ:MIN ("sdb", "dm-3"), or -1. */
int sysfs_devname(const char *sysfs, unsigned int major, unsigned int minor,
		  char *buf, size_t len);

#endif
