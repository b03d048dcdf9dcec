// SPDX-License-Identifier: GPL-2.0-only
/* Disks joining and leaving maps (see hotplug.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/blockdev.h"
#include "lib/common.h"
#include "lib/sysfs.h"
#include "table/table_conf.h"
#include "lib/holders.h"
#include "table/path_stats.h"
#include "daemon/hotplug.h"
#include "table/regroup.h"
#include "table/remap.h"
#include "table/status.h"
#include "lib/wwid.h"

#define TABLE_LEN	65536

struct disk {
	const char *name;
	char dir[PATH_MAX];
	struct blockdev bd;
	char wwid[VPD_WWID_LEN];
	char vendor[CONF_VENDOR_LEN], product[CONF_PRODUCT_LEN];
};

/* What sysfs did not say is unknown to the config: NULL, not "". */
static const char *known(const char *s)
{
	return s[0] ? s : NULL;
}

/* The disk's numbers, size and WWID from sysfs; -1 if it has none. */
static int read_disk(const struct monitor *m, struct disk *d)
{
	unsigned int major, minor;
	char dev[32], err[ERRLEN];

	snprintf(d->dir, sizeof(d->dir), "%s/block/%s", m->sysfs, d->name);
	sysfs_read_line(d->dir, "dev", dev, sizeof(dev));
	if (status_parse_devnum(dev, &major, &minor) ||
	    blockdev_read_dir(d->dir, major, minor, &d->bd, err, sizeof(err)) ||
	    wwid_from_sysfs(d->dir, d->wwid, sizeof(d->wwid), err,
			    sizeof(err)))
		return -1;
	table_conf_vendor_product(d->dir, d->vendor, d->product);
	return 0;
}

/* The mpath2 map whose UUID is mpath2-<@wwid>, into @dm: 0, or -1. */
static int map_of_wwid(struct monitor *m, const char *wwid,
		       struct mpdm_map *dm)
{
	char err[ERRLEN], uuid[MPDM_UUID_LEN + 1], **names;
	size_t i, count;
	int found = -1;

	if (strlen(MPDM_UUID_PREFIX) + strlen(wwid) >= sizeof(uuid))
		return -1;	/* no map could have it */
	strcpy(uuid, MPDM_UUID_PREFIX);
	strcat(uuid, wwid);
	if (m->dm->list(&names, &count, err, sizeof(err))) {
		monitor_log(m, 3, "%s", err);
		return -1;
	}
	for (i = 0; i < count && found; i++) {
		if (m->dm->get_map(names[i], 0, dm, err, sizeof(err)))
			continue;
		if (!strcmp(dm->uuid, uuid))
			found = 0;
		else
			mpdm_free_map(dm);
	}
	mpdm_free_names(names, count);
	return found;
}

/* Reload map @dm with @params; logs the outcome as @what. */
static int reload(struct monitor *m, const struct mpdm_map *dm,
		  const char *params, const char *what)
{
	char err[ERRLEN];

	if (m->dm->reload(dm->name, dm->sectors, params, err, sizeof(err))) {
		monitor_log(m, 3, "%s: %s failed: %s", dm->name, what, err);
		return -1;
	}
	monitor_log(m, 5, "%s: %s", dm->name, what);
	return 0;
}

/*
 * group_by_prio, group_by_serial: @d and every path of @t grouped anew
 * (regroup.h) into @line; group.c's warnings (a prio unknown) logged.
 * The current paths' prios come from the kernel's path_stats where it
 * has them (the alua handler), so that only the new disk is asked.
 */
static int add_grouped(struct monitor *m, const struct mpdm_map *dm,
		       const struct mp_map *t, const struct disk *d,
		       enum conf_grouping grouping, char *line, char *err,
		       size_t errlen)
{
	char *warn = NULL, *s, *nl, *answer = NULL, why[ERRLEN];
	struct kprios known = { NULL, 0 };
	size_t wlen = 0;
	FILE *w;
	int r;

	/* With the alua handler the kernel knows the current paths' prios. */
	if (grouping == GROUP_BY_PRIO && m->dm->message_answer &&
	    t->nr_hw_args && !strcmp(t->hw_args[0], "alua") &&
	    !m->dm->message_answer(dm->name, "path_stats", &answer, why,
				   sizeof(why)) && path_stats_parse(answer, &known))
		known = (struct kprios){ NULL, 0 };
	free(answer);
	w = open_memstream(&warn, &wlen);
	r = regroup_add(t, grouping == GROUP_BY_PRIO ? TBL_GROUP_BY_PRIO :
			TBL_GROUP_BY_SERIAL, m->sysfs, d->bd.major,
			d->bd.minor, d->dir, &known, w, line, TABLE_LEN, err,
			errlen);
	path_stats_free(&known);
	if (w)
		fclose(w);
	for (s = warn; s && *s; s = nl ? nl + 1 : s + strlen(s)) {
		nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		if (!strncmp(s, "mpath2ctl: ", 11))
			s += 11;
		if (*s)
			monitor_log(m, 4, "%s: %s", dm->name, s);
	}
	free(warn);
	return r;
}

static int add_to(struct monitor *m, const struct mpath2_conf *conf,
		  const struct disk *d, const struct mpdm_map *dm)
{
	struct conf_settings cs;
	char err[ERRLEN], what[128], *line;
	struct mp_map t;
	int r;

	if (status_parse(MP_TABLE, dm->table, &t, err, sizeof(err))) {
		monitor_log(m, 3, "%s: cannot parse its table: %s", dm->name, err);
		return -1;
	}
	if (status_find_path(&t, d->bd.major, d->bd.minor)) {
		status_free(&t);
		return 0;
	}
	config_resolve(conf, d->wwid, known(d->vendor), known(d->product), &cs);
	line = malloc(TABLE_LEN);
	if (!line)
		r = -1;
	else if (cs.grouping == GROUP_BY_PRIO || cs.grouping == GROUP_BY_SERIAL)
		r = add_grouped(m, dm, &t, d, cs.grouping, line, err,
				sizeof(err));
	else
		r = remap_add(&t, d->bd.major, d->bd.minor,
			      cs.grouping != GROUP_MULTIBUS, line, TABLE_LEN,
			      err, sizeof(err));
	status_free(&t);
	if (r) {
		monitor_log(m, 3, "%s: %s not added: %s", dm->name, d->name,
			line ? err : "out of memory");
		free(line);
		return -1;
	}
	snprintf(what, sizeof(what), "added path %s (%u:%u)", d->name,
		 d->bd.major, d->bd.minor);
	r = reload(m, dm, line, what);
	free(line);
	return r ? -1 : 1;
}

int hotplug_add(struct monitor *m, const struct mpath2_conf *conf,
		 const char *disk)
{
	struct disk d = { .name = disk };
	struct mpdm_map dm;
	char err[ERRLEN];
	int r;

	if (!m->sysfs || strchr(disk, '/') || read_disk(m, &d))
		return 0;
	if (config_blacklisted(conf, disk, d.wwid, known(d.vendor),
			     known(d.product)))
		return 0;
	if (map_of_wwid(m, d.wwid, &dm))
		return 0;
	if (dm.sectors != d.bd.sectors) {
		monitor_log(m, 3, "%s: %s not added: %llu sectors, the map has %llu",
			dm.name, disk, d.bd.sectors, dm.sectors);
		r = -1;
	} else if (holders_check(m->sysfs, d.bd.major, d.bd.minor, NULL, err,
				 sizeof(err))) {
		monitor_log(m, 3, "%s: %s not added: %s", dm.name, disk, err);
		r = -1;
	} else {
		r = add_to(m, conf, &d, &dm);
	}
	mpdm_free_map(&dm);
	return r;
}

/* Take @major:@minor out of map @name if it has it: 1 if it did. */
static int remove_from(struct monitor *m, const char *name,
		       unsigned int major, unsigned int minor)
{
	char err[ERRLEN], what[64], *line = NULL;
	struct mpdm_map dm;
	struct mp_map t;
	int r = 0;

	if (m->dm->get_map(name, 0, &dm, err, sizeof(err)))
		return 0;
	if (status_parse(MP_TABLE, dm.table, &t, err, sizeof(err))) {
		mpdm_free_map(&dm);
		return 0;
	}
	if (status_find_path(&t, major, minor)) {
		line = malloc(TABLE_LEN);
		if (line && !remap_remove(&t, major, minor, line, TABLE_LEN,
					  err, sizeof(err))) {
			snprintf(what, sizeof(what), "removed path %u:%u (the"
				 " disk is gone)", major, minor);
			r = !reload(m, &dm, line, what);
		} else {
			monitor_log(m, 4, "%s: %u:%u is gone but stays in the map:"
				" %s", name, major, minor,
				line ? err : "out of memory");
		}
	}
	free(line);
	status_free(&t);
	mpdm_free_map(&dm);
	return r;
}

int hotplug_remove(struct monitor *m, unsigned int major, unsigned int minor)
{
	char err[ERRLEN], **names;
	size_t i, count;
	int n = 0;

	if (m->dm->list(&names, &count, err, sizeof(err))) {
		monitor_log(m, 3, "%s", err);
		return 0;
	}
	for (i = 0; i < count; i++)
		n += remove_from(m, names[i], major, minor);
	mpdm_free_names(names, count);
	return n;
}
