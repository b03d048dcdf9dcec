// SPDX-License-Identifier: GPL-2.0-only
/* Who holds a disk, from sysfs (see holders.h). */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "lib/blockdev.h"
#include "lib/holders.h"
#include "cli/show_tree.h"
#include "lib/sysfs.h"

/* A line of sysfs file <@sysfs>/block/@dev/@file, "" if unreadable. */
static void read_line(const char *sysfs, const char *dev, const char *file,
		      char *buf, size_t len)
{
	char dir[PATH_MAX];
	int r;

	buf[0] = '\0';
	r = snprintf(dir, sizeof(dir), "%s/block/%s", sysfs, dev);
	if (r >= 0 && (size_t)r < sizeof(dir))
		sysfs_read_line(dir, file, buf, len);
}

/* What holder @dev is, for the message: "LVM volume vg-lv"... */
static void describe(const char *sysfs, const char *dev, char *buf,
		     size_t len)
{
	char name[128], uuid[160];

	if (!strncmp(dev, "md", 2)) {
		snprintf(buf, len, "md RAID array");
		return;
	}
	read_line(sysfs, dev, "dm/name", name, sizeof(name));
	read_line(sysfs, dev, "dm/uuid", uuid, sizeof(uuid));
	if (!strncmp(uuid, "LVM-", 4))
		snprintf(buf, len, "LVM volume %s", name);
	else if (!strncmp(uuid, "mpath2-", 7))
		snprintf(buf, len, "mpath2 map %s", name);
	else if (!strncmp(uuid, "mpath-", 6))
		snprintf(buf, len, "multipathd map %s", name);
	else if (!strncmp(uuid, "CRYPT-", 6))
		snprintf(buf, len, "dm-crypt volume %s", name);
	else if (name[0])
		snprintf(buf, len, "device-mapper map %s", name);
	else
		snprintf(buf, len, "another device");
}

int holders_check(const char *sysfs, unsigned int major, unsigned int minor,
		  const char *allowed, char *err, size_t errlen)
{
	char dir[PATH_MAX], dev[64], what[192], uuid[160];
	struct dirent *de;
	DIR *d;

	if (!sysfs)
		return 0;
	snprintf(dir, sizeof(dir), "%s/dev/block/%u:%u/holders", sysfs, major,
		 minor);
	d = opendir(dir);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		read_line(sysfs, de->d_name, "dm/uuid", uuid, sizeof(uuid));
		if (allowed && (!strcmp(de->d_name, allowed) ||
				!strcmp(uuid, allowed)))
			continue;
		if (sysfs_devname(sysfs, major, minor, dev, sizeof(dev)))
			dev[0] = '\0';
		describe(sysfs, de->d_name, what, sizeof(what));
		snprintf(err, errlen, "%s%s%u:%u%s is in use by %.32s (%s)", dev,
			 dev[0] ? " (" : "", major, minor, dev[0] ? ")" : "",
			 de->d_name, what);
		closedir(d);
		return -1;
	}
	closedir(d);
	return 0;
}
