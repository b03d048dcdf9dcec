// SPDX-License-Identifier: GPL-2.0-only
/* The reload command (see reload.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/create.h"
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
 * to follow), the map's LUN, held only by the map, not blacklisted by
 * @conf (unless @force: then with a warning). -1 with @err, or 1 when
 * the blacklist refused (said already).
 */
static int check_paths(const struct cli_ctl *ctl,
		       const struct mpath2_conf *conf, int force,
		       const struct mpdm_map *dm, const struct status_map *t,
		       struct tbl_path *paths, size_t *nr, char *err,
		       size_t errlen)
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
			if (create_blacklisted(ctl, conf, dm->name, mp->major,
					       mp->minor, force))
				return 1;
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

#define MAX_WORDS	4096

/* @s split on blanks into @w (at most MAX_WORDS), in place: the count. */
static size_t split(char *s, char **w)
{
	size_t n = 0;
	char *save = NULL, *t;

	for (t = strtok_r(s, " \t\n", &save); t && n < MAX_WORDS;
	     t = strtok_r(NULL, " \t\n", &save))
		w[n++] = t;
	return n;
}

/* How many arguments feature @word takes (the kernel's table words). */
static unsigned int feature_args(const char *word)
{
	static const struct {
		const char *name;
		unsigned int args;
	} known[] = {
		{ "queue_mode", 1 }, { "pg_init_retries", 1 },
		{ "pg_init_delay_msecs", 1 }, { "no_path_timeout", 1 },
		{ "failback", 1 }, { "hold_down", 3 },
	};
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(word, known[i].name))
			return known[i].args;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * A table's words in a canonical form into @out: "<features>|hw
 * <handler words>|<groups>", the features as sorted items ("queue_mode
 * bio", the kernel's own default, left out), the groups without the
 * initial one (the kernel reports the current one). -1 if not a table.
 */
static int canonical(const char *table, char *out, size_t len, int *no_hw)
{
	char *copy = strdup(table), **w = NULL, *items[64], store[64][128];
	size_t n, i = 0, k, nr_items = 0, off = 0, o;
	unsigned long nf, nh, a, end;
	int r = -1;

	if (!copy || !(w = calloc(MAX_WORDS, sizeof(*w))))
		goto out;
	n = split(copy, w);
	out[0] = '\0';
	if (i >= n)
		goto out;
	nf = strtoul(w[i++], NULL, 10);
	end = i + nf;
	if (end > n)
		goto out;
	/* Items: a keyword and its arguments, as one string. */
	while (i < end) {
		a = feature_args(w[i]);
		if (i + a >= end || nr_items == 64)
			goto out;
		o = (size_t)snprintf(store[nr_items], sizeof(store[0]), "%s",
				     w[i]);
		for (k = 1; k <= a; k++)
			o += (size_t)snprintf(store[nr_items] + o,
					      o < sizeof(store[0]) ?
					      sizeof(store[0]) - o : 0, " %s",
					      w[i + k]);
		if (strcmp(store[nr_items], "queue_mode bio"))
			items[nr_items] = store[nr_items], nr_items++;
		i += a + 1;
	}
	qsort(items, nr_items, sizeof(*items), cmp_str);
	for (k = 0; k < nr_items; k++)
		off += (size_t)snprintf(out + off, off < len ? len - off : 0,
					"%s,", items[k]);
	off += (size_t)snprintf(out + off, off < len ? len - off : 0, "|");
	if (i >= n)
		goto out;
	nh = strtoul(w[i++], NULL, 10);
	*no_hw = !nh;
	off += (size_t)snprintf(out + off, off < len ? len - off : 0, "hw");
	for (k = 0; k < nh && i < n; k++, i++)
		off += (size_t)snprintf(out + off, off < len ? len - off : 0,
					" %s", w[i]);
	off += (size_t)snprintf(out + off, off < len ? len - off : 0, "|");
	/* Groups: their count, not the initial one, then as they are. */
	if (i + 1 >= n)
		goto out;
	off += (size_t)snprintf(out + off, off < len ? len - off : 0, "%s",
				w[i]);
	for (i += 2; i < n; i++)
		off += (size_t)snprintf(out + off, off < len ? len - off : 0,
					" %s", w[i]);
	r = off < len ? 0 : -1;
out:
	free(w);
	free(copy);
	return r;
}

int reload_differs(const char *kernel, const char *rendered)
{
	size_t len = strlen(kernel) + strlen(rendered) + 64;
	char *a = malloc(len), *b = malloc(len), *ha, *hb;
	int no_hw_a = 0, no_hw_b = 0, r = 1;

	if (!a || !b || canonical(kernel, a, len, &no_hw_a) ||
	    canonical(rendered, b, len, &no_hw_b))
		goto out;
	/*
	 * No handler asked for: the one the kernel kept attached (scsi_dh)
	 * is no difference.
	 */
	ha = strstr(a, "|hw");
	hb = strstr(b, "|hw");
	if (no_hw_b && !no_hw_a && ha && hb) {
		char *ea = strchr(ha + 1, '|'), *eb = strchr(hb + 1, '|');

		if (!ea || !eb)
			goto out;
		r = (ha - a != hb - b) || strncmp(a, b, (size_t)(ha - a)) ||
		    strcmp(ea, eb);
		goto out;
	}
	r = strcmp(a, b) != 0;
out:
	free(a);
	free(b);
	return r;
}

/*
 * Build and load (or print) the new table of map @dm. -1 with @err, 1
 * after saying why.
 */
static int rebuild(const struct cli_ctl *ctl, const struct mpdm_map *dm,
		   const struct status_map *t, int dry_run, int force,
		   char *err, size_t errlen)
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
	conf = table_conf_load(ctl);
	if (!conf) {
		snprintf(err, errlen, "the config has errors (see above)");
		goto out;
	}
	r = check_paths(ctl, conf, force, dm, t, paths, &nr, err, errlen);
	if (r)
		goto out;
	r = -1;
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

enum { OPT_DRY_RUN = CLI_OPT_FIRST, OPT_FORCE };

const struct option reload_options[] = {
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ NULL, 0, NULL, 0 },
};

int reload_main(const struct cli_verb *verb, const struct cli_args *a,
		const struct cli_ctl *ctl)
{
	const char *name = a->operands[0];
	struct mpdm_map dm;
	struct status_map t;
	char err[ERRLEN];
	int i, r, dry_run = 0, force = 0, lock;

	(void)verb;
	for (i = 0; i < a->nr_opts; i++) {
		if (a->opts[i].val == OPT_DRY_RUN)
			dry_run = 1;
		else if (a->opts[i].val == OPT_FORCE)
			force = 1;
	}
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
	r = rebuild(ctl, &dm, &t, dry_run, force, err, sizeof(err));
	maplock_drop(lock);
	status_free(&t);
	mpdm_free_map(&dm);
	if (r > 0)
		return 1;
	return r ? cli_fail(ctl, "%s: %s", name, err) : 0;
}
