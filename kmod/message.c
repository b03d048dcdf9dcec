// SPDX-License-Identifier: GPL-2.0-only
/*
 * `dmsetup message <map> 0 <words>`: dm-multipath's message words.
 *
 *   fail_path <dev>        mark a path failed
 *   reinstate_path <dev>   mark a path usable again
 *   switch_group <N>       send I/O to group N from the next bio on
 *   disable_group <N>      avoid group N while another group works
 *   enable_group <N>       undo disable_group
 *   queue_if_no_path       hold I/O while no path is usable
 *   fail_if_no_path        fail it instead, including what is held
 *   path_stats             answer one line of counters per path (stats.c)
 *   probe_paths            read from every usable path, fail the dead ones
 *
 * <dev> is `major:minor` or a device path, as in the table. A bad message
 * is refused with -EINVAL and changes nothing; as in dm-multipath, a <dev>
 * that is not a path of the map is -EINVAL too, one that does not resolve
 * gets dm_get_device()'s error, and a message that would change state is
 * refused with -EBUSY while the map is suspended (path_stats still
 * answers).
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "mpath2.h"

#define DM_MSG_PREFIX "mpath2"

/* Apply @action to the path on device @name; -EINVAL if none matches. */
static int path_message(struct mpath2 *m, const char *name,
			void (*action)(struct mpath2_path *path))
{
	struct dm_target *ti = m->ti;
	struct dm_dev *dev;
	unsigned int g, p;
	int r;

	r = dm_get_device(ti, name, dm_table_get_mode(ti->table), &dev);
	if (r) {
		DMWARN("message: error getting device %s", name);
		return r;
	}
	r = -EINVAL;
	for (g = 0; g < m->nr_pgs; g++) {
		struct mpath2_pg *pg = &m->pgs[g];

		for (p = 0; p < pg->nr_paths; p++) {
			if (pg->paths[p].dev->bdev->bd_dev == dev->bdev->bd_dev) {
				action(&pg->paths[p]);
				r = 0;
			}
		}
	}
	dm_put_device(ti, dev);
	if (r)
		DMWARN("message: %s is not a path of this map", name);
	return r;
}

static int group_message(struct mpath2 *m, const char *word, const char *arg)
{
	unsigned int num;
	char dummy;

	if (sscanf(arg, "%u%c", &num, &dummy) != 1 || !num) {
		DMWARN("invalid PG number supplied to %s", word);
		return -EINVAL;
	}
	if (!strcasecmp(word, "switch_group"))
		return mpath2_switch_group(m, num);
	return mpath2_bypass_group(m, num, !strcasecmp(word, "disable_group"));
}

int mpath2_message(struct dm_target *ti, unsigned int argc, char **argv,
		   char *result, unsigned int maxlen)
{
	struct mpath2 *m = ti->private;

	if (argc == 1 && !strcasecmp(argv[0], "path_stats"))
		return mpath2_path_stats_message(m, result, maxlen);
	if (dm_suspended(ti)) {
		DMWARN("message: %s refused while suspended", argv[0]);
		return -EBUSY;
	}
	if (argc == 1 && !strcasecmp(argv[0], "queue_if_no_path")) {
		mpath2_set_queue_if_no_path(m, true);
		return 0;
	}
	if (argc == 1 && !strcasecmp(argv[0], "fail_if_no_path")) {
		mpath2_set_queue_if_no_path(m, false);
		return 0;
	}
	if (argc == 1 && !strcasecmp(argv[0], "probe_paths"))
		return mpath2_probe_paths(m);
	if (argc != 2) {
		DMWARN("Invalid multipath message arguments. Expected 2 arguments, got %u.",
		       argc);
		return -EINVAL;
	}
	if (!strcasecmp(argv[0], "fail_path"))
		return path_message(m, argv[1], mpath2_fail_path);
	if (!strcasecmp(argv[0], "reinstate_path"))
		return path_message(m, argv[1], mpath2_reinstate_path);
	if (!strcasecmp(argv[0], "switch_group") ||
	    !strcasecmp(argv[0], "disable_group") ||
	    !strcasecmp(argv[0], "enable_group"))
		return group_message(m, argv[0], argv[1]);

	DMWARN("Unrecognised multipath message received: %s", argv[0]);
	return -EINVAL;
}
