// SPDX-License-Identifier: GPL-2.0-only
/* Growing a map when its paths have grown (see autoresize.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/autoresize.h"
#include "lib/blockdev.h"
#include "lib/common.h"
#include "lib/mpdm.h"

static int grow(struct monitor *m, const char *map)
{
	unsigned long long sectors;
	char err[ERRLEN];
	struct blockdev *bd;
	struct mpdm_map dm;
	size_t i, n = 0;
	int r = 0, lock;

	bd = calloc(m->nr ? m->nr : 1, sizeof(*bd));
	if (!bd) {
		monitor_log(m, 3, "%s: out of memory", map);
		return -1;
	}
	for (i = 0; i < m->nr; i++) {
		const struct monitor_path *p = &m->paths[i];

		if (strcmp(p->map, map))
			continue;
		/* A path that cannot be read now: decide on the next event. */
		if (blockdev_read(m->sysfs, p->major, p->minor, &bd[n], err,
				  sizeof(err))) {
			free(bd);
			return 0;
		}
		n++;
	}
	lock = n ? monitor_lock_map(m, map) : -1;
	if (lock == -1 || m->dm->get_map(map, 0, &dm, err, sizeof(err))) {
		monitor_unlock_map(m, lock);
		free(bd);
		return 0;
	}
	/* Disagreeing paths are not an error: the others may follow. */
	if (blockdev_grown(bd, n, dm.sectors, &sectors, err, sizeof(err))) {
		monitor_log(m, 6, "%s: not resized yet: %s", map, err);
	} else if (sectors > dm.sectors) {
		if (m->dm->reload(map, sectors, dm.table, err, sizeof(err))) {
			monitor_log(m, 3, "%s: not resized to %llu sectors: %s",
				    map, sectors, err);
			r = -1;
		} else {
			monitor_map_stale(m, map);
			monitor_log(m, 5, "%s: resized, %llu -> %llu sectors"
				    " (every path has grown)", map, dm.sectors,
				    sectors);
			r = 1;
		}
	}
	mpdm_free_map(&dm);
	monitor_unlock_map(m, lock);
	free(bd);
	return r;
}

int autoresize_changed(struct monitor *m, const char *disk)
{
	size_t i;

	for (i = 0; i < m->nr; i++)
		if (!strcmp(m->paths[i].dev, disk))
			return grow(m, m->paths[i].map);
	return 0;
}
