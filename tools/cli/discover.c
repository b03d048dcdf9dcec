// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2ctl discover [--dry-run] [--sysfs ROOT] [--single] [--friendly]
 *                    [--bindings FILE] [table options]
 * (see discover.h). udev lists the disks (discover_list_disks()), the
 * rest is read from sysfs, so no SCSI command is sent; a fake tree
 * under --sysfs (listed with readdir) tests it all.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libudev.h>

#include "conf/bindings.h"
#include "lib/common.h"
#include "table/table_conf.h"
#include "cli/create.h"
#include "cli/discover.h"
#include "lib/maplock.h"
#include "lib/mpdm.h"
#include "lib/holders.h"
#include "table/remap.h"
#include "table/status.h"
#include "lib/validate.h"
#include "lib/wwid.h"
#include "lib/wwids.h"

#define TABLE_LEN	65536	/* as create.c: 1024 paths fit */
#define MAX_DISKS	65536	/* sd* names run out long before */

static int cmp_paths(const void *a, const void *b)
{
	const struct discover_path *x = a, *y = b;
	int r = strcmp(x->wwid, y->wwid);

	if (r)
		return r;
	if (x->bd.major != y->bd.major)
		return x->bd.major < y->bd.major ? -1 : 1;
	return x->bd.minor < y->bd.minor ? -1 : x->bd.minor > y->bd.minor;
}

void discover_sort(struct discover_path *paths, size_t nr)
{
	if (nr)
		qsort(paths, nr, sizeof(*paths), cmp_paths);
}

/* Read disk <root>/block/@name into @p; -1 with a reason in @err. */
static int read_disk(const char *root, const char *name, struct discover_path *p,
		     char *err, size_t errlen)
{
	char dir[PATH_MAX], devfile[PATH_MAX + 8], buf[32], *nl;
	unsigned int major, minor;
	FILE *f;
	int r;

	r = snprintf(dir, sizeof(dir), "%s/block/%s", root, name);
	if (r < 0 || (size_t)r >= sizeof(dir)) {
		snprintf(err, errlen, "%.31s: sysfs path too long", name);
		return -1;
	}
	snprintf(devfile, sizeof(devfile), "%s/dev", dir);
	f = fopen(devfile, "r");
	if (!f) {
		snprintf(err, errlen, "%.200s: %s", devfile, strerror(errno));
		return -1;
	}
	buf[0] = '\0';
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	if (status_parse_devnum(buf, &major, &minor)) {
		snprintf(err, errlen, "%.200s: not major:minor", devfile);
		return -1;
	}
	snprintf(p->name, sizeof(p->name), "%.31s", name);
	if (blockdev_read_dir(dir, major, minor, &p->bd, err, errlen))
		return -1;
	table_conf_vendor_product(dir, p->vendor, p->product);
	return wwid_from_sysfs(dir, p->wwid, sizeof(p->wwid), err, errlen) ?
	       -1 : 0;
}

/* sd<letters>: a SCSI disk; not a partition, loop, sr, dm-. */
static int sd_disk(const char *name)
{
	return !strncmp(name, "sd", 2) && name[2] &&
	       strspn(name + 2, "abcdefghijklmnopqrstuvwxyz") ==
	       strlen(name + 2) && strlen(name) < 32;
}

/* @name at the end of @names; -1 without memory. */
static int add_name(char (**names)[32], size_t *nr, const char *name)
{
	char (*grown)[32];

	if (*nr >= MAX_DISKS)
		return 0;
	grown = realloc(*names, (*nr + 1) * sizeof(**names));
	if (!grown)
		return -1;
	*names = grown;
	snprintf(grown[(*nr)++], sizeof(*grown), "%s", name);
	return 0;
}

/* The sd disks in <@root>/block: a fake tree, or the daemon's sysfs. */
static int list_dir(const char *root, char (**names)[32], size_t *nr,
		    char *err, size_t errlen)
{
	char dir[PATH_MAX];
	struct dirent *de;
	int r = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/block", root);
	d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while (!r && (de = readdir(d)))
		if (sd_disk(de->d_name))
			r = add_name(names, nr, de->d_name);
	closedir(d);
	if (r)
		snprintf(err, errlen, "out of memory");
	return r;
}

/* Whether udevd runs (its control socket): else nothing is initialized. */
static int udevd_runs(struct udev *u)
{
	struct udev_queue *q = udev_queue_new(u);
	int r = q ? udev_queue_get_udev_is_active(q) > 0 : 1;

	udev_queue_unref(q);
	return r;
}

/*
 * The sd disks udev has initialized: what its rules have seen (the
 * by-id links LVM filters on exist), not a disk still being probed.
 * Without udevd (a rescue shell, a bare guest) every disk counts.
 */
static int list_udev(FILE *warn, char (**names)[32], size_t *nr, char *err,
		     size_t errlen)
{
	struct udev_list_entry *e;
	struct udev_enumerate *en;
	struct udev_device *dev;
	const char *name, *type;
	struct udev *u;
	int r = -1, all;

	u = udev_new();
	en = u ? udev_enumerate_new(u) : NULL;
	if (!en || udev_enumerate_add_match_subsystem(en, "block") < 0 ||
	    udev_enumerate_add_match_property(en, "DEVTYPE", "disk") < 0 ||
	    udev_enumerate_add_match_sysname(en, "sd*") < 0 ||
	    udev_enumerate_scan_devices(en) < 0) {
		snprintf(err, errlen, "udev: cannot list the block devices");
		goto out;
	}
	r = 0;
	all = !udevd_runs(u);
	udev_list_entry_foreach(e, udev_enumerate_get_list_entry(en)) {
		dev = udev_device_new_from_syspath(u,
						   udev_list_entry_get_name(e));
		if (!dev)
			continue;	/* gone since */
		name = udev_device_get_sysname(dev);
		type = udev_device_get_devtype(dev);
		if (name && type && !strcmp(type, "disk") && sd_disk(name)) {
			if (all || udev_device_get_is_initialized(dev) > 0)
				r = add_name(names, nr, name);
			else if (warn)
				fprintf(warn, "mpath2ctl: %s skipped: udev has"
					" not initialized it yet (udevadm"
					" settle)\n", name);
		}
		udev_device_unref(dev);
		if (r) {
			snprintf(err, errlen, "out of memory");
			break;
		}
	}
out:
	udev_enumerate_unref(en);
	udev_unref(u);
	return r;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(a, b);
}

int discover_list_disks(const char *root, FILE *warn, char (**names)[32],
			size_t *nr, char *err, size_t errlen)
{
	int r;

	*names = NULL;
	*nr = 0;
	r = root ? list_dir(root, names, nr, err, errlen) :
		   list_udev(warn, names, nr, err, errlen);
	if (r) {
		free(*names);
		*names = NULL;
		*nr = 0;
		return -1;
	}
	/* Neither readdir nor udev promise an order: output is stable. */
	if (*nr)
		qsort(*names, *nr, sizeof(**names), cmp_names);
	return 0;
}

int discover_scan_from(const char *list_root, const char *root, FILE *warn,
		       struct discover_path **paths, size_t *nr, char *err,
		       size_t errlen)
{
	char (*names)[32], why[ERRLEN];
	size_t i, n;

	*paths = NULL;
	*nr = 0;
	if (discover_list_disks(list_root, warn, &names, &n, err, errlen))
		return -1;
	*paths = calloc(n ? n : 1, sizeof(**paths));
	if (!*paths) {
		free(names);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (read_disk(root, names[i], &(*paths)[*nr], why,
			      sizeof(why))) {
			if (warn)
				fprintf(warn, "mpath2ctl: %s skipped: %s\n",
					names[i], why);
			memset(&(*paths)[*nr], 0, sizeof(**paths));
			continue;
		}
		(*nr)++;
	}
	free(names);
	discover_sort(*paths, *nr);
	return 0;
}

int discover_scan(const char *root, FILE *warn, struct discover_path **paths,
		  size_t *nr, char *err, size_t errlen)
{
	return discover_scan_from(root, root, warn, paths, nr, err, errlen);
}

struct discover_opts {
	struct tbl_opts table;
	const char *root;		/* where the disks are read */
	const char *list_root;		/* --sysfs: listed there; NULL: udev */
	const char *bindings;
	int dry_run, single, friendly;
	struct mpath2_conf *conf;
};

static const char *known(const char *s)
{
	return s[0] ? s : NULL;
}

/*
 * Drop the blacklisted paths from @paths (keeping the order); at -v, say
 * which entry caught each.
 */
static void drop_blacklisted(const struct cli_ctl *ctl,
			     const struct mpath2_conf *conf,
			     struct discover_path *paths, size_t *nr)
{
	char why[ERRLEN];
	size_t i, kept = 0;

	for (i = 0; i < *nr; i++) {
		struct discover_path *p = &paths[i];

		if (config_blacklist_why(conf, p->name, p->wwid, known(p->vendor),
				       known(p->product), why, sizeof(why))) {
			if (ctl->verbose)
				fprintf(ctl->err, "mpath2ctl: %s skipped:"
					" blacklisted by %s\n", p->name, why);
			continue;
		}
		paths[kept++] = *p;
	}
	*nr = kept;
}

/*
 * The LUN's table options: the command line's, the rest from the
 * config; and whether it takes a bindings alias. 0, or 1 after saying why.
 */
static int lun_opts(const struct cli_ctl *ctl, const struct discover_opts *o,
		    const struct discover_path *p, struct tbl_opts *t, int *friendly)
{
	struct config_settings s;
	char err[ERRLEN];

	config_resolve(o->conf, p->wwid, known(p->vendor), known(p->product), &s);
	*t = o->table;
	*friendly = o->friendly || s.user_friendly_names;
	if (table_conf_apply(t, &s, err, sizeof(err)))
		return cli_fail(ctl, "%s: %s", p->wwid, err);
	return 0;
}

/* Each path's <root>/block/<name>, for grouping by prio or serial. */
static char **path_dirs(const char *root, const struct discover_path *p, size_t nr)
{
	char **dirs = calloc(nr, sizeof(*dirs));
	size_t i, n;

	for (i = 0; dirs && i < nr; i++) {
		n = strlen(root) + strlen(p[i].name) + sizeof("/block/");
		dirs[i] = malloc(n);
		if (!dirs[i])
			return dirs;	/* the path then has none: SG_IO */
		snprintf(dirs[i], n, "%s/block/%s", root, p[i].name);
	}
	return dirs;
}

static void free_dirs(char **dirs, size_t nr)
{
	size_t i;

	for (i = 0; dirs && i < nr; i++)
		free(dirs[i]);
	free(dirs);
}

/*
 * The LUN's map exists already (an earlier run, the daemon): add the
 * paths it lacks with a RELOAD then RESUME of its own table, everything
 * else kept as the kernel reports it, as multipath-tools does. A map of
 * that name made for another device (another UUID) is left alone.
 * 0, or 1 after saying why.
 */
static int grow_existing(const struct cli_ctl *ctl, const struct discover_opts *o,
			 const struct tbl_opts *t, const char *name,
			 const char *uuid, const struct discover_path *p, size_t nr)
{
	char err[ERRLEN], *line = NULL, *next = NULL, *tmp;
	struct mpdm_map dm;
	struct status_map mp;
	size_t i, added = 0;
	int r;

	if (mpdm_get_map(name, 0, &dm, err, sizeof(err)))
		return cli_fail(ctl, "%s: %s", name, err);
	r = 1;
	if (strcmp(dm.uuid, uuid)) {
		cli_fail(ctl, "%s: a map by that name exists for another device (uuid '%s'); left alone",
			 name, dm.uuid);
		goto out;
	}
	line = malloc(TABLE_LEN);
	next = malloc(TABLE_LEN);
	if (!line || !next) {
		cli_fail(ctl, "out of memory");
		goto out;
	}
	snprintf(line, TABLE_LEN, "%s", dm.table);
	for (i = 0; i < nr; i++) {
		const struct blockdev *bd = &p[i].bd;

		if (status_parse(MP_TABLE, line, &mp, err, sizeof(err))) {
			cli_fail(ctl, "%s: cannot parse its table: %s", name, err);
			goto out;
		}
		if (status_find_path(&mp, bd->major, bd->minor)) {
			status_free(&mp);
			continue;
		}
		if (holders_check(ctl->sysfs, bd->major, bd->minor, uuid, err,
				  sizeof(err)) ||
		    remap_add(&mp, bd->major, bd->minor,
			      t->grouping != TABLE_MULTIBUS, next, TABLE_LEN, err,
			      sizeof(err))) {
			status_free(&mp);
			cli_fail(ctl, "%s: %s not added: %s", name, p[i].name, err);
			goto out;
		}
		status_free(&mp);
		tmp = line;
		line = next;
		next = tmp;
		added++;
		if (o->dry_run)
			fprintf(ctl->out, "%s: would add %s\n", name, p[i].name);
	}
	if (added && !o->dry_run &&
	    mpdm_reload(name, dm.sectors, line, err, sizeof(err))) {
		cli_fail(ctl, "%s: %s", name, err);
		goto out;
	}
	if (!o->dry_run)
		fprintf(ctl->out, "%s: %s %zu path%s\n", name,
			added ? "added" : "has all", added ? added : nr,
			(added ? added : nr) == 1 ? "" : "s");
	r = 0;
out:
	free(line);
	free(next);
	mpdm_free_map(&dm);
	return r;
}

/*
 * The LUN's WWID into the wwids file (claim.h: its disks are claimed
 * from the next boot on, and the daemon makes its map). 0, or 1.
 */
static int keep_wwid(const struct cli_ctl *ctl, const char *wwid)
{
	char err[ERRLEN];

	if (ctl->wwids && wwids_add(ctl->wwids, wwid, err, sizeof(err)) < 0)
		return cli_fail(ctl, "%s", err);
	return 0;
}

/* One LUN: its @nr paths at @p. 0, or 1 after printing why. */
static int one_lun(const struct cli_ctl *ctl, const struct discover_opts *o,
		   struct bindings *bs, const struct discover_path *p, size_t nr)
{
	char uuid[MPDM_UUID_LEN + 1], err[ERRLEN];
	const char *name = p->wwid;
	struct blockdev *bd;
	struct tbl_opts t;
	int r, friendly, lock;
	char **dirs;
	size_t i;

	if (strlen(MPDM_UUID_PREFIX) + strlen(p->wwid) > MPDM_UUID_LEN ||
	    strlen(p->wwid) > MAP_NAME_MAX)
		return cli_fail(ctl, "%s: WWID too long for a map", p->name);
	if (lun_opts(ctl, o, p, &t, &friendly))
		return 1;
	if (config_alias(o->conf, p->wwid)) {
		name = config_alias(o->conf, p->wwid);
	} else if (friendly) {
		name = bindings_lookup(bs, p->wwid);
		if (!name) {
			name = bindings_add(bs, p->wwid);
			if (!name)
				return cli_fail(ctl, "out of memory");
			/* Bound before the map exists: the name is stable. */
			if (!o->dry_run &&
			    bindings_append(o->bindings, name, p->wwid, err,
					    sizeof(err)))
				return cli_fail(ctl, "%s", err);
		}
	}
	strcpy(uuid, MPDM_UUID_PREFIX);
	strcat(uuid, p->wwid);
	if (o->dry_run) {
		fprintf(ctl->out, "%s %s", name, p->wwid);
		for (i = 0; i < nr; i++)
			fprintf(ctl->out, " %s", p[i].name);
		fputc('\n', ctl->out);
	}
	bd = calloc(nr, sizeof(*bd));
	dirs = path_dirs(o->root, p, nr);
	if (!bd || !dirs) {
		free(bd);
		free_dirs(dirs, nr);
		return cli_fail(ctl, "out of memory");
	}
	for (i = 0; i < nr; i++)
		bd[i] = p[i].bd;
	/* The map's lock (maplock.h) around making or growing it. */
	lock = o->dry_run ? -2 : maplock_take(name, err, sizeof(err));
	if (lock == -1) {
		free(bd);
		free_dirs(dirs, nr);
		return cli_fail(ctl, "%s", err);
	}
	r = create_map(ctl, name, uuid, &t, bd, nr, (const char *const *)dirs,
		       (o->dry_run ? CREATE_DRY_RUN : 0) | CREATE_QUIET_EXISTS);
	free(bd);
	free_dirs(dirs, nr);
	if (r == MPDM_EXISTS) {
		r = grow_existing(ctl, o, &t, name, uuid, p, nr);
		maplock_drop(lock);
		return r || o->dry_run ? r != 0 : keep_wwid(ctl, p->wwid);
	}
	maplock_drop(lock);
	if (!r && !o->dry_run)
		fprintf(ctl->out, "%s: created over %zu path%s\n", name, nr,
			nr == 1 ? "" : "s");
	return r || o->dry_run ? r != 0 : keep_wwid(ctl, p->wwid);
}

enum {
	OPT_SINGLE = CREATE_OPT_END,
	OPT_FRIENDLY,
	OPT_BINDINGS,
	OPT_SYSFS,
};

const struct option discover_options[] = {
	CREATE_TABLE_OPTIONS,
	{ "single", no_argument, NULL, OPT_SINGLE },
	{ "friendly", no_argument, NULL, OPT_FRIENDLY },
	{ "bindings", required_argument, NULL, OPT_BINDINGS },
	{ "sysfs", required_argument, NULL, OPT_SYSFS },
	{ NULL, 0, NULL, 0 },
};

static int parse_args(const struct cli_args *a, const struct cli_ctl *ctl,
		      struct discover_opts *o)
{
	const struct cli_opt *opt;
	char err[ERRLEN];
	int i, r;

	memset(o, 0, sizeof(*o));
	table_default_opts(&o->table);
	o->root = ctl->sysfs;
	o->bindings = BINDINGS_FILE;
	for (i = 0; i < a->nr_opts; i++) {
		opt = &a->opts[i];
		r = create_table_option(opt, &o->table, err, sizeof(err));
		if (r < 0)
			return cli_fail(ctl, "%s", err);
		if (r)
			continue;
		switch (opt->val) {
		case CREATE_OPT_DRY_RUN:
			o->dry_run = 1;
			break;
		case OPT_SINGLE:
			o->single = 1;
			break;
		case OPT_FRIENDLY:
			o->friendly = 1;
			break;
		case OPT_SYSFS:
			if (!opt->arg || opt->arg[0] != '/')
				return cli_needs(ctl, "discover", opt,
						 "an absolute path");
			o->root = o->list_root = opt->arg;
			break;
		case OPT_BINDINGS:
			if (!opt->arg || !opt->arg[0])
				return cli_needs(ctl, "discover", opt, "a path");
			o->bindings = opt->arg;
			o->friendly = 1;
			break;
		}
	}
	if (!o->root)
		return cli_fail(ctl, "discover: no sysfs to scan");
	/* A fake tree's disks must never become real maps. */
	if (o->list_root && !o->dry_run)
		return cli_fail(ctl, "discover: --sysfs goes with --dry-run"
				" only (it would make maps of another tree's"
				" disks)");
	return 0;
}

int discover_main(const struct cli_verb *verb, const struct cli_args *a,
		  const struct cli_ctl *ctl)
{
	struct bindings bs = { NULL, 0 };
	struct discover_opts o;
	struct discover_path *paths;
	char err[ERRLEN];
	size_t i, j, nr;
	int r = 0;

	(void)verb;
	if (parse_args(a, ctl, &o))
		return 1;
	o.conf = table_conf_load(ctl);
	if (!o.conf)
		return 1;	/* config_load() said why */
	if ((o.friendly || config_any_friendly(o.conf)) &&
	    bindings_load(o.bindings, &bs, err, sizeof(err))) {
		config_free(o.conf);
		return cli_fail(ctl, "%s", err);
	}
	if (discover_scan_from(o.list_root, o.root, ctl->err, &paths, &nr, err,
			       sizeof(err))) {
		bindings_free(&bs);
		config_free(o.conf);
		return cli_fail(ctl, "%s", err);
	}
	drop_blacklisted(ctl, o.conf, paths, &nr);
	/* Paths of one LUN are adjacent: each run of one WWID is a map. */
	for (i = 0; i < nr; i = j) {
		for (j = i + 1; j < nr && !strcmp(paths[i].wwid, paths[j].wwid);
		     j++)
			;
		if (j - i >= 2 || o.single)
			r |= one_lun(ctl, &o, &bs, &paths[i], j - i);
	}
	free(paths);
	bindings_free(&bs);
	config_free(o.conf);
	return r;
}
