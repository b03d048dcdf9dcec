// SPDX-License-Identifier: GPL-2.0-only
/* Who holds a disk, from sysfs (see holders.h). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

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

/* "sdb (8:16)" or "8:16" into @buf. */
static void disk_name(const char *sysfs, unsigned int major,
		      unsigned int minor, char *buf, size_t len)
{
	char dev[64];

	if (sysfs_devname(sysfs, major, minor, dev, sizeof(dev)))
		snprintf(buf, len, "%u:%u", major, minor);
	else
		snprintf(buf, len, "%s (%u:%u)", dev, major, minor);
}

/*
 * The holders in directory @dir (of the disk, or of its partition @part,
 * NULL for the disk itself): 0 if none but @allowed, 1 with @err, -1
 * with @err if it cannot be read. @dir missing: no holders (sysfs has
 * holders/ for every block device; test trees may not).
 */
static int holders_in(const char *sysfs, const char *dir, const char *part,
		      unsigned int major, unsigned int minor,
		      const char *allowed, char *err, size_t errlen)
{
	char what[192], uuid[160], disk[96];
	struct dirent *de;
	DIR *d;

	d = opendir(dir);
	if (!d && errno == ENOENT)
		return 0;
	if (!d) {
		disk_name(sysfs, major, minor, disk, sizeof(disk));
		snprintf(err, errlen, "%s: its holders cannot be read (%s%s%s):"
			 " %s", disk, part ? "partition " : "", part ? part :
			 "holders/", part ? "" : "", strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		read_line(sysfs, de->d_name, "dm/uuid", uuid, sizeof(uuid));
		if (allowed && (!strcmp(de->d_name, allowed) ||
				!strcmp(uuid, allowed)))
			continue;
		disk_name(sysfs, major, minor, disk, sizeof(disk));
		describe(sysfs, de->d_name, what, sizeof(what));
		snprintf(err, errlen, "%s is in use by %.32s (%s%s%.32s)", disk,
			 de->d_name, what, part ? ", on " : "", part ? part : "");
		closedir(d);
		return 1;
	}
	closedir(d);
	return 0;
}

int holders_check(const char *sysfs, unsigned int major, unsigned int minor,
		  const char *allowed, char *err, size_t errlen)
{
	char base[PATH_MAX], dir[PATH_MAX + 300];
	struct dirent *de;
	struct stat st;
	DIR *d;
	int r;

	if (!sysfs)
		return 0;
	snprintf(base, sizeof(base), "%s/dev/block/%u:%u", sysfs, major, minor);
	snprintf(dir, sizeof(dir), "%s/holders", base);
	r = holders_in(sysfs, dir, NULL, major, minor, allowed, err, errlen);
	if (r)
		return -1;
	/* A partition's holders hold the disk too (LVM on sdb1). */
	d = opendir(base);
	if (!d)
		return 0;
	while (!r && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), "%s/%s/partition", base, de->d_name);
		if (stat(dir, &st))
			continue;
		snprintf(dir, sizeof(dir), "%s/%s/holders", base, de->d_name);
		r = holders_in(sysfs, dir, de->d_name, major, minor, allowed,
			       err, errlen);
	}
	closedir(d);
	return r ? -1 : 0;
}
