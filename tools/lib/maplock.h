/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One lock per map around every read-modify-reload of its table, so that
 * two writers (discover, create, reload, remove, resize, reconfigure, the
 * daemon's hotplug, regroup and autoresize) never both read one table
 * and each load their own change of it, the second dropping the first's:
 * an flock() on <dir>/map-<name>.lock, dir /run/mpath2 (the environment's
 * MPATH2_RUN_DIR instead, for tests). The lock goes with the fd: a
 * writer that dies releases it. The lock file stays (it is empty).
 */
#ifndef MPATH2CTL_MAPLOCK_H
#define MPATH2CTL_MAPLOCK_H

#include <stddef.h>

#define MAPLOCK_DIR	"/run/mpath2"
#define MAPLOCK_WAIT_MS	30000	/* a writer holds it for a RELOAD or two */

/* MPATH2_RUN_DIR if set and absolute, else MAPLOCK_DIR. */
const char *maplock_dir(void);

/*
 * Lock map @name (a valid map name: validate.h) in @dir, made 0755 if
 * missing, waiting up to @wait_ms for another holder: the lock's fd, or
 * -1 with a reason in @err (no directory, held past @wait_ms).
 */
int maplock_take_in(const char *dir, const char *name, unsigned int wait_ms,
		    char *err, size_t errlen);

/* maplock_take_in(maplock_dir(), @name, MAPLOCK_WAIT_MS, ...). */
int maplock_take(const char *name, char *err, size_t errlen);

/* Release a lock taken (@fd < 0: nothing). */
void maplock_drop(int fd);

#endif
