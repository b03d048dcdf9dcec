/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Path ownership: a disk that another device is built on (another map,
 * an LVM volume, an md array: sysfs's holders/) must not become a path
 * of an mpath2 map, or two stacks would write to it at once.
 */
#ifndef MPATH2CTL_HOLDERS_H
#define MPATH2CTL_HOLDERS_H

#include <stddef.h>

/*
 * 0 if nothing but @allowed (a holder's name, "dm-3", or its dm UUID,
 * "mpath2-<wwid>": the map being made or reloaded; or NULL) holds
 * block device @major:@minor, per <@sysfs>/dev/block/M:m/holders;
 * else -1 with "sdb (8:16) is in use by dm-4 (LVM volume vg-lv)" in
 * @err. A partition's holders count as the disk's ("... (LVM volume
 * vg-lv, on sdb1)"). A holders/ that exists but cannot be read refuses
 * the disk (fails closed); with no sysfs at all nothing is refused (the
 * kernel refuses a busy device itself when the table is loaded).
 */
int holders_check(const char *sysfs, unsigned int major, unsigned int minor,
		  const char *allowed, char *err, size_t errlen);

#endif
