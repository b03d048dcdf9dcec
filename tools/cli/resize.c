// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2ctl resize NAME [--dry-run] [--no-rescan]: grow map NAME to its
 * LUN's new capacity. Each usable path is rescanned (its SCSI device's
 * sysfs "rescan": READ CAPACITY again), then every path's size is read;
 * when all agree on a size at least the map's (blockdev_grown()), the
 * table is loaded again with that length, unchanged otherwise, and
 * resumed noflush (mpdm_reload()): no I/O fails, none is held longer
 * than the table swap. Refused, with the paths named, when the paths
 * disagree (some have not seen the new capacity: a failed path is not
 * rescanned, and the target would refuse it as smaller than the map) or
 * one is smaller than the map (shrinking is not supported).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/resize.h"
#include "lib/blockdev.h"
#include "lib/common.h"
#include "lib/maplock.h"
#include "lib/mpdm.h"
#include "lib/sysfs.h"
#include "lib/validate.h"
#include "table/status.h"

/* Path @major:@minor's state in @info ('A', 'F'), or 0 if not there. */
static char info_state(const struct status_map *info, unsigned int major,
		       unsigned int minor)
{
	unsigned int g, p;

	for (g = 0; g < info->nr_groups; g++)
		for (p = 0; p < info->groups[g].nr_paths; p++)
			if (info->groups[g].paths[p].major == major &&
			    info->groups[g].paths[p].minor == minor)
				return info->groups[g].paths[p].state;
	return 0;
}

/*
 * Ask path @major:@minor's SCSI device to read its capacity again. Only
 * a running device: a blocked one (an iSCSI session in recovery) would
 * hold the write until the session came back or gave up. 0, or -1.
 */
static int rescan(const struct cli_ctl *ctl, unsigned int major,
		  unsigned int minor, char *err, size_t errlen)
{
	char dir[96], path[128], state[32];
	int fd, r = 0;

	snprintf(dir, sizeof(dir), "%s/dev/block/%u:%u/device", ctl->sysfs,
		 major, minor);
	sysfs_read_line(dir, "state", state, sizeof(state));
	if (state[0] && strcmp(state, "running")) {
		snprintf(err, errlen, "%u:%u: not rescanned: its SCSI device"
			 " is %s", major, minor, state);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/rescan", dir);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "1", 1) != 1)
		r = -1;
	if (r)
		snprintf(err, errlen, "%u:%u: cannot rescan (%s): %s", major,
			 minor, path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return r;
}

static int grow(const struct cli_ctl *ctl, const char *name,
		const struct mpdm_map *dm, const struct status_map *t,
		const struct status_map *info, int dry_run, int do_rescan)
{
	unsigned long long sectors;
	char err[ERRLEN], why[ERRLEN];
	struct blockdev *bd;
	size_t nr = 0, total = 0;
	unsigned int g, p;
	int r = 1;

	for (g = 0; g < t->nr_groups; g++)
		total += t->groups[g].nr_paths;
	if (!total)
		return cli_fail(ctl, "%s: the map has no path", name);
	bd = calloc(total, sizeof(*bd));
	if (!bd)
		return cli_fail(ctl, "out of memory");
	for (g = 0; g < t->nr_groups; g++) {
		for (p = 0; p < t->groups[g].nr_paths; p++) {
			const struct status_path *mp = &t->groups[g].paths[p];
			char st = info_state(info, mp->major, mp->minor);

			if (do_rescan && st != 'F' &&
			    rescan(ctl, mp->major, mp->minor, why, sizeof(why)))
				fprintf(ctl->err, "mpath2ctl: %s: %s\n", name,
					why);
			if (blockdev_read(ctl->sysfs, mp->major, mp->minor,
					  &bd[nr], err, sizeof(err))) {
				cli_fail(ctl, "%s: %s", name, err);
				goto out;
			}
			if (ctl->verbose)
				fprintf(ctl->err, "%s: path %u:%u%s: %llu sectors\n",
					name, mp->major, mp->minor,
					st == 'F' ? " (failed, not rescanned)" : "",
					bd[nr].sectors);
			nr++;
		}
	}
	if (blockdev_grown(bd, nr, dm->sectors, &sectors, err, sizeof(err))) {
		cli_fail(ctl, "%s: not resized: %s", name, err);
		goto out;
	}
	if (sectors == dm->sectors) {
		fprintf(ctl->out, "%s: %llu sectors, as every path: nothing to"
			" do\n", name, sectors);
		r = 0;
		goto out;
	}
	if (dry_run) {
		fprintf(ctl->out, "0 %llu %s %s\n", sectors, MPDM_TARGET,
			dm->table);
		r = 0;
		goto out;
	}
	if (mpdm_reload(name, sectors, dm->table, err, sizeof(err))) {
		cli_fail(ctl, "%s: %s", name, err);
		goto out;
	}
	fprintf(ctl->out, "%s: %llu -> %llu sectors\n", name, dm->sectors,
		sectors);
	r = 0;
out:
	free(bd);
	return r;
}

enum { OPT_DRY_RUN = CLI_OPT_FIRST, OPT_NO_RESCAN };

const struct option resize_options[] = {
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "no-rescan", no_argument, NULL, OPT_NO_RESCAN },
	{ NULL, 0, NULL, 0 },
};

int resize_main(const struct cli_verb *verb, const struct cli_args *a,
		const struct cli_ctl *ctl)
{
	int i, r, dry_run = 0, do_rescan = 1, lock;
	const char *name = a->operands[0];
	struct status_map t, info;
	char err[ERRLEN];
	struct mpdm_map dm;

	(void)verb;
	for (i = 0; i < a->nr_opts; i++) {
		if (a->opts[i].val == OPT_DRY_RUN)
			dry_run = 1;
		else if (a->opts[i].val == OPT_NO_RESCAN)
			do_rescan = 0;
	}
	if (validate_map_name(name, err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	if (!ctl->sysfs)
		return cli_fail(ctl, "%s: no sysfs to read path sizes from", name);
	/* The map's lock (maplock.h) from reading the table to loading. */
	lock = dry_run ? -2 : maplock_take(name, err, sizeof(err));
	if (lock == -1)
		return cli_fail(ctl, "%s", err);
	if (cli_load_map(ctl, name, &dm, &t, &info, 0)) {
		maplock_drop(lock);
		return 1;
	}
	r = grow(ctl, name, &dm, &t, &info, dry_run, do_rescan);
	maplock_drop(lock);
	status_free(&t);
	status_free(&info);
	mpdm_free_map(&dm);
	return r;
}
