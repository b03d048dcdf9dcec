/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's part in persistent reservations: a path that joins a map
 * (added by hotplug) or comes back (reinstated) gets the map's
 * reservation key (mpath2.conf's reservation_key, or with "file" the
 * prkeys file) registered on its I_T nexus first, with REGISTER AND
 * IGNORE EXISTING KEY, as multipathd does. Only while the key is still
 * registered on the LUN (READ KEYS through another usable path of the map,
 * else through the path itself): if it is gone, this host was preempted
 * (fenced), and registering again would undo the fence, so the path stays
 * out and the log says why.
 */
#ifndef MPATH2CTL_PRKEY_H
#define MPATH2CTL_PRKEY_H

#include <stddef.h>
#include <stdint.h>

#include "daemon/monitor.h"

/* multipath-tools' format: "0x<key> <wwid>" lines, '#' comments. */
#define PRKEY_FILE	"/etc/mpath2/prkeys"

/* The file reservation_key "file" reads (the tests point it elsewhere). */
extern const char *prkey_file;

/*
 * The key for LUN @wwid under @conf: reservation_key of its multipath{},
 * overrides{}, the device{} matching @vendor and @product (NULL: none
 * matches) or defaults{}, or the prkeys file's line for @wwid. 0: none.
 */
uint64_t prkey_for(const struct mpath2_conf *conf, const char *wwid,
		   const char *vendor, const char *product);

/*
 * Register @key on @devnode if it is still registered on the LUN, asked
 * through @others (devnodes, in order) and then @devnode itself. 0: done
 * (*@sent says whether a REGISTER went out); -1: keep the path out, the
 * reason in @why.
 */
int prkey_join(uint64_t key, const char *devnode, const char *const *others,
	       size_t nr_others, unsigned int timeout_ms, int *sent,
	       char *why, size_t whylen);

/*
 * prkey_join() for path @p of the monitor's maps, before it is reinstated
 * (the other paths: those of its map the kernel has active). 0: go on.
 */
int prkey_before_reinstate(struct monitor *m, const struct monitor_path *p,
			   char *why, size_t whylen);

/* The same for disk @disk joining map @map (hotplug), LUN @wwid. */
int prkey_before_add(struct monitor *m, const struct mpath2_conf *conf,
		     const char *map, const char *wwid, const char *disk,
		     char *why, size_t whylen);

#endif
