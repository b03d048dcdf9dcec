/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's answer to a SCSI disk appearing or leaving (udev): a new
 * disk whose WWID is an mpath2 map's (its UUID is mpath2-<wwid>) joins
 * that map; a disk that left is taken out of its map's table. Both by
 * RELOAD then RESUME of the map's own table with one path more or less
 * (remap.h), so features, selectors and groups stay as they are; but
 * for a map whose config (resolved for its WWID, vendor and product)
 * says group_by_prio or group_by_serial, the new path and the current
 * ones are grouped anew as `reload` groups them (regroup.h), so that
 * the new path joins the group of its own prio or serial.
 *
 * A disk whose WWID has no map yet gets one when the monitor makes maps
 * (m->wwids set, as the daemon does) and the disk is claimed (claim.h:
 * its WWID in the wwids file, or find_multipaths yes/smart and a second
 * path, or greedy): the map takes every disk of the WWID that is not
 * blacklisted, of the same size and held by no one, is named as discover
 * names it (alias, bindings with user_friendly_names, else the WWID) and
 * built from the config, and its WWID goes in the wwids file. A lone
 * disk that find_multipaths smart holds is looked at again when its
 * time is up (hotplug_due()): by then a map, or released, and udev is
 * told to look at it afresh (an "add" uevent), so blkid and LVM see it.
 */
#ifndef MPATH2CTL_HOTPLUG_H
#define MPATH2CTL_HOTPLUG_H

#include "conf/config.h"
#include "daemon/monitor.h"

/*
 * Disk <sysfs>/block/@disk ("sdd"). 1 if it was added to a map or a map
 * was made for it, 0 if there was nothing to do (not a SCSI disk with a
 * WWID, blacklisted, no map for its WWID and not claimed, held by smart,
 * a path already), -1 if it was refused or the reload or create failed.
 * Every outcome but "nothing to do" is logged.
 */
int hotplug_add(struct monitor *m, const struct mpath2_conf *conf,
		 const char *disk);

/*
 * Block device @major:@minor has gone: take it out of every mpath2 map
 * that has it, unless it is the map's last path. How many maps changed.
 */
int hotplug_remove(struct monitor *m, unsigned int major, unsigned int minor);

/*
 * At start (boot): hotplug_add() for every SCSI disk in sysfs, so that
 * claimed LUNs without a map get one. How many maps were made or grown.
 */
int hotplug_coldplug(struct monitor *m, const struct mpath2_conf *conf);

/*
 * The smart waits whose time is up at @now_ms: each disk released (an
 * "add" uevent, logged) or, if a second path or a map came, made a map
 * of. How many were released or made.
 */
int hotplug_due(struct monitor *m, const struct mpath2_conf *conf,
		long long now_ms);

#endif
