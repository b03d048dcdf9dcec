// SPDX-License-Identifier: GPL-2.0-only
/* The reload command (see reload.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/blockdev.h"
#include "lib/common.h"
#include "table/table_conf.h"
#include "lib/maplock.h"
#include "lib/mpdm.h"
#include "table/group.h"
#include "lib/holders.h"
#include "cli/reload.h"
#include "table/status.h"
#include "table/table.h"
#include "lib/validate.h"
#include "lib/vpd.h"
#include "lib/wwid.h"

#define TABLE_LEN	65536

/* The map's WWID from its UUID mpath2-<wwid>, or NULL. */
static const char *map_wwid(const struct mpdm_map *dm)
{
	const char *w = dm->uuid + strlen(MPDM_UUID_PREFIX);

	return !strncmp(dm->uuid, MPDM_UUID_PREFIX, strlen(MPDM_UUID_PREFIX)) &&
	       vpd_valid_wwid(w) ? w : NULL;
}

/*
 * Every path of @t, in table order, into @paths (@t's count of them),
 * each checked: at least the map's size (a LUN grown since is resize's
 * to follow), the map's LUN, held only by the map.
 */
static int check_paths(const struct cli_ctl *ctl, const struct mpdm_map *dm,
		       const struct status_map *t, struct tbl_path *paths,
		       size_t *nr, char *err, size_t errlen)
{
	char self[32], w[VPD_WWID_LEN], why[ERRLEN];
	const char *wwid = map_wwid(dm);
	struct blockdev bd;
	unsigned int g, p;

	snprintf(self, sizeof(self), "dm-%u", dm->minor);
	*nr = 0;
	for (g = 0; g < t->nr_groups; g++) {
		for (p = 0; p < t->groups[g].nr_paths; p++) {
			const struct status_path *mp = &t->groups[g].paths[p];

			if (blockdev_read(ctl->sysfs, mp->major, mp->minor, &bd,
					  err, errlen))
				return -1;
			/* A LUN grown and not resized yet is fine. */
			if (bd.sectors < dm->sectors) {
				snprintf(err, errlen, "%u:%u has %llu sectors,"
					 " the map %llu", mp->major, mp->minor,
					 bd.sectors, dm->sectors);
				return -1;
			}
			if (wwid && !wwid_read(ctl->sysfs, mp->major, mp->minor,
					       NULL, w, sizeof(w), why,
					       sizeof(why)) && strcmp(w, wwid)) {
				snprintf(err, errlen, "%u:%u is now another LUN"
					 " (WWID %.40s, the map's %.40s)",
					 mp->major, mp->minor, w, wwid);
				return -1;
			}
			if (holders_check(ctl->sysfs, mp->major, mp->minor,
					  self, err, errlen))
				return -1;
			paths[(*nr)++] = (struct tbl_path){ mp->major,
							    mp->minor };
		}
	}
	return 0;
}

/* The table options @conf gives the map's LUN. */
static int options_for(const struct mpath2_conf *conf, const char *sysfs,
		       const struct mpdm_map *dm, const struct status_map *t,
		       struct tbl_opts *o, char *err, size_t errlen)
{
	char dir[PATH_MAX], vendor[CONF_VENDOR_LEN], product[CONF_PRODUCT_LEN];
	struct config_settings s;

	vendor[0] = product[0] = '\0';
	if (sysfs && t->nr_groups && t->groups[0].nr_paths) {
		snprintf(dir, sizeof(dir), "%s/dev/block/%u:%u", sysfs,
			 t->groups[0].paths[0].major,
			 t->groups[0].paths[0].minor);
		table_conf_vendor_product(dir, vendor, product);
	}
	config_resolve(conf, map_wwid(dm), vendor[0] ? vendor : NULL,
		     product[0] ? product : NULL, &s);
	table_default_opts(o);
	return table_conf_apply(o, &s, err, errlen) ? -1 : 0;
}

/* @t's paths (@total of them) in table order into @paths. */
static void table_paths(const struct status_map *t, struct tbl_path *paths)
{
	unsigned int g, p;
	size_t n = 0;

	for (g = 0; g < t->nr_groups; g++)
		for (p = 0; p < t->groups[g].nr_paths; p++)
			paths[n++] = (struct tbl_path){
				t->groups[g].paths[p].major,
				t->groups[g].paths[p].minor };
}

static size_t count_paths(const struct status_map *t)
{
	size_t total = 0;
	unsigned int g;

	for (g = 0; g < t->nr_groups; g++)
		total += t->groups[g].nr_paths;
	return total;
}

/* Options and grouping for @nr @paths into @line. */
static int render_paths(const struct mpath2_conf *conf, const char *sysfs,
			FILE *warn, FILE *info, const struct mpdm_map *dm,
			const struct status_map *t,
			const struct tbl_path *paths, size_t nr, char *line,
			size_t len, char *err, size_t errlen)
{
	unsigned int *group = calloc(nr ? nr : 1, sizeof(*group));
	struct tbl_opts o;
	int r = -1;

	if (!group) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (!options_for(conf, sysfs, dm, t, &o, err, errlen) &&
	    !group_paths(&o, sysfs, paths, NULL, nr, group, warn, info, err,
			 errlen) &&
	    !table_build_grouped(&o, paths, group, nr, line, len, err, errlen))
		r = 0;
	free(group);
	return r;
}

int reload_render(const struct mpath2_conf *conf, const char *sysfs,
		  FILE *warn, const struct mpdm_map *dm,
		  const struct status_map *t, char *line, size_t len,
		  char *err, size_t errlen)
{
	size_t total = count_paths(t);
	struct tbl_path *paths;
	int r;

	if (!total) {
		snprintf(err, errlen, "%s has no path", dm->name);
		return -1;
	}
	paths = calloc(total, sizeof(*paths));
	if (!paths) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	table_paths(t, paths);
	r = render_paths(conf, sysfs, warn, NULL, dm, t, paths, total, line,
			 len, err, errlen);
	free(paths);
	return r;
}

int reload_differs(const char *a, const char *b)
{
	size_t la, lb;

	for (;;) {
		a += strspn(a, " \t\n");
		b += strspn(b, " \t\n");
		la = strcspn(a, " \t\n");
		lb = strcspn(b, " \t\n");
		if (la != lb || strncmp(a, b, la))
			return 1;
		if (!la)
			return 0;
		a += la;
		b += lb;
	}
}

/* Build and load (or print) the new table of map @dm. */
static int rebuild(const struct cli_ctl *ctl, const struct mpdm_map *dm,
		   const struct status_map *t, int dry_run, char *err,
		   size_t errlen)
{
	struct mpath2_conf *conf = NULL;
	struct tbl_path *paths = NULL;
	char *line = NULL;
	size_t nr, total = count_paths(t);
	int r = -1;

	if (!total) {
		snprintf(err, errlen, "%s has no path", dm->name);
		return -1;
	}
	paths = calloc(total, sizeof(*paths));
	line = malloc(TABLE_LEN);
	if (!paths || !line) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (check_paths(ctl, dm, t, paths, &nr, err, errlen))
		goto out;
	conf = table_conf_load(ctl);
	if (!conf) {
		snprintf(err, errlen, "the config has errors (see above)");
		goto out;
	}
	if (render_paths(conf, ctl->sysfs, ctl->err,
			 ctl->verbose ? ctl->err : NULL, dm, t, paths, nr,
			 line, TABLE_LEN, err, errlen))
		goto out;
	if (dry_run) {
		fprintf(ctl->out, "0 %llu %s %s\n", dm->sectors, MPDM_TARGET,
			line);
		r = 0;
	} else {
		r = mpdm_reload(dm->name, dm->sectors, line, err, errlen) ?
		    -1 : 0;
	}
out:
	config_free(conf);
	free(paths);
	free(line);
	return r;
}

int reload_main(char **args, int nargs, const struct cli_ctl *ctl)
{
	const char *name = NULL;
	char err[ERRLEN], q[48];
	struct mpdm_map dm;
	struct status_map t;
	int i, r, dry_run = 0, lock;

	for (i = 0; i < nargs; i++) {
		if (!strcmp(args[i], "--dry-run"))
			dry_run = 1;
		else if (args[i][0] == '-' && args[i][1] == '-')
			return cli_fail(ctl, "reload: unknown option '%s'",
					validate_printable(args[i], q, sizeof(q)));
		else if (name)
			return cli_fail(ctl, "usage: mpath2ctl reload NAME"
					" [--dry-run]");
		else
			name = args[i];
	}
	if (!name)
		return cli_fail(ctl, "usage: mpath2ctl reload NAME [--dry-run]");
	if (validate_map_name(name, err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	/* The map's lock (maplock.h) from reading the table to loading. */
	lock = dry_run ? -2 : maplock_take(name, err, sizeof(err));
	if (lock == -1)
		return cli_fail(ctl, "%s", err);
	if (mpdm_get_map(name, 0, &dm, err, sizeof(err))) {
		maplock_drop(lock);
		return cli_fail(ctl, "%s", err);
	}
	if (status_parse(MP_TABLE, dm.table, &t, err, sizeof(err))) {
		mpdm_free_map(&dm);
		maplock_drop(lock);
		return cli_fail(ctl, "%s: cannot parse its table: %s", name, err);
	}
	r = rebuild(ctl, &dm, &t, dry_run, err, sizeof(err));
	maplock_drop(lock);
	status_free(&t);
	mpdm_free_map(&dm);
	return r ? cli_fail(ctl, "%s: %s", name, err) : 0;
}
