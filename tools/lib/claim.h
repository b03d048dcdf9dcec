/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Whether a SCSI disk is a path, to be kept from everyone but its map
 * (multipath -u's question): asked by `mpath2ctl is-path` from an early
 * udev rule (56-mpath2-claim.rules), before blkid and LVM look at the
 * disk, and by the daemon before it makes a map (hotplug.h).
 *
 * In this order: a disk without a WWID, or blacklisted, is no path; a
 * disk whose WWID has an mpath2 map (a dm device with UUID
 * mpath2-<WWID>) is one; a disk in use (it or a partition of it held by
 * another device, mounted or swap: a host's own disk, which claiming
 * would take from under systemd) is none; one whose WWID is in the wwids
 * file (wwids.h) is one. Then find_multipaths (mpath2.conf(5)) decides:
 *
 *   strict   no other disk is a path
 *   yes      a disk is a path if another disk shows its WWID
 *   greedy   every disk is a path
 *   smart    as yes; a disk alone is held (a path, CLAIM_WAIT) for
 *            find_multipaths_timeout seconds from when it was first
 *            asked about, waiting for a second path; then released
 *
 * smart notes when it first asked about a disk in a stamp file,
 * <stamps>/<major>:<minor> (CLAIM_STAMP_DIR, on /run: gone at reboot),
 * holding that time in CLOCK_BOOTTIME seconds.
 */
#ifndef MPATH2CTL_CLAIM_H
#define MPATH2CTL_CLAIM_H

#include <stddef.h>

#include "conf/config.h"
#include "lib/vpd.h"
#include "lib/wwids.h"

#define CLAIM_STAMP_DIR	"/run/mpath2/find_multipaths"

enum claim_answer {
	/* not a path */
	CLAIM_NO_WWID,		/* no WWID in sysfs */
	CLAIM_BLACKLISTED,
	CLAIM_NO,		/* find_multipaths says no */
	CLAIM_RELEASED,		/* smart: waited, no second path came */
	CLAIM_IN_USE,		/* held, mounted or swap (no map of ours) */
	/* a path (claim_is_path()) */
	CLAIM_MAP,		/* its WWID has an mpath2 map */
	CLAIM_WWIDS,		/* its WWID is in the wwids file */
	CLAIM_SIBLING,		/* yes, smart: another disk has its WWID */
	CLAIM_GREEDY,
	CLAIM_WAIT,		/* smart: held, waiting for a second path */
};

/* What claim_decide() judges from. */
struct claim_facts {
	enum config_find mode;
	int has_wwid, blacklisted, has_map, in_use, in_wwids;
	size_t siblings;	/* other disks, not blacklisted, same WWID */
	long long waited_s;	/* since first asked about (smart) */
	int timeout_s;		/* find_multipaths_timeout */
};

/* The answer: pure, no I/O. */
enum claim_answer claim_decide(const struct claim_facts *f);

int claim_is_path(enum claim_answer a);
/* "map", "wwids", "sibling", "greedy", "wait", "no", ... */
const char *claim_name(enum claim_answer a);

struct claim_result {
	enum claim_answer answer;
	char wwid[VPD_WWID_LEN];	/* "" with CLAIM_NO_WWID */
	unsigned int major, minor;
	size_t siblings;
	int wait_left_s;		/* CLAIM_WAIT: seconds still to wait */
	char why[160];			/* CLAIM_IN_USE: by what */
};

/*
 * Ask about disk <@sysfs>/block/@disk ("sdb"), with @conf's blacklist
 * and find_multipaths, the wwids listed in @ws (NULL: none), smart's
 * stamps under @stamps (NULL: none kept, a lone disk is released at
 * once) and @now_s the CLOCK_BOOTTIME second. 0 with @res filled, or -1
 * with a reason in @err (no such disk).
 */
int claim_disk(const char *sysfs, const struct mpath2_conf *conf,
	       const struct wwids *ws, const char *stamps, const char *disk,
	       long long now_s, struct claim_result *res, char *err,
	       size_t errlen);

/*
 * Whether disk <@sysfs>/block/@disk or a partition of it is held by
 * another device (its holders/), mounted or swap; mounts and swaps are
 * read from <proc>/self/mountinfo and <proc>/swaps, <proc> being /proc,
 * or <dir>/proc for a @sysfs of <dir>/sys (a test's tree). 1 with what
 * in @why, 0 if not.
 */
int claim_in_use(const char *sysfs, const char *disk, char *why,
		 size_t whylen);

/* Forget disk @major:@minor's stamp (it left, or got its map). */
void claim_forget(const char *stamps, unsigned int major, unsigned int minor);

/* The CLOCK_BOOTTIME second, the clock of the stamps. */
long long claim_now(void);

#endif
