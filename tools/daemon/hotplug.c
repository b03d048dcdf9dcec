// SPDX-License-Identifier: GPL-2.0-only
/* Disks joining and leaving maps (see hotplug.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/discover.h"
#include "conf/bindings.h"
#include "lib/blockdev.h"
#include "lib/claim.h"
#include "lib/common.h"
#include "lib/sysfs.h"
#include "lib/wwids.h"
#include "table/group.h"
#include "table/table_conf.h"
#include "lib/holders.h"
#include "table/path_stats.h"
#include "daemon/hotplug.h"
#include "daemon/prkey.h"
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

/* Map @name into @dm if its UUID is @uuid: 0, or -1. */
static int read_if_uuid(struct monitor *m, const char *name, const char *uuid,
			struct mpdm_map *dm)
{
	char err[ERRLEN];

	if (m->dm->get_map(name, 0, dm, err, sizeof(err)))
		return -1;
	if (!strcmp(dm->uuid, uuid))
		return 0;
	mpdm_free_map(dm);
	return -1;
}

/*
 * The same from the listed UUIDs (sysfs'): one DM_DEVICE_LIST, and a
 * TABLE only of the map whose UUID is @uuid or unknown. 0, -1 (none),
 * or -2 if the maps could not be listed so.
 */
static int listed_with_uuid(struct monitor *m, const char *uuid,
			    struct mpdm_map *dm)
{
	struct mpdm_entry *list;
	char err[ERRLEN];
	size_t i, count;
	int found = -1;

	if (!m->dm->list_events ||
	    m->dm->list_events(&list, &count, err, sizeof(err)))
		return -2;
	for (i = 0; i < count && found; i++)
		if (!list[i].uuid[0] || !strcmp(list[i].uuid, uuid))
			found = read_if_uuid(m, list[i].name, uuid, dm);
	free(list);
	return found;
}

/* The mpath2 map whose UUID is mpath2-<@wwid>, into @dm: 0, or -1. */
static int map_of_wwid(struct monitor *m, const char *wwid,
		       struct mpdm_map *dm)
{
	char err[ERRLEN], uuid[MPDM_UUID_LEN + 1], **names;
	const struct monitor_map *known;
	size_t i, count;
	int found = -1;

	if (strlen(MPDM_UUID_PREFIX) + strlen(wwid) >= sizeof(uuid))
		return -1;	/* no map could have it */
	strcpy(uuid, MPDM_UUID_PREFIX);
	strcat(uuid, wwid);
	/* The map the monitor knows by that UUID (a UUID never changes). */
	known = monitor_map_by_uuid(m, uuid);
	if (known && !read_if_uuid(m, known->name, uuid, dm))
		return 0;
	found = listed_with_uuid(m, uuid, dm);
	if (found != -2)
		return found;
	found = -1;
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
	/* A table swap is no dm event: read it at the next refresh. */
	monitor_map_stale(m, dm->name);
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
		       const struct status_map *t, const struct disk *d,
		       enum config_grouping grouping, char *line, char *err,
		       size_t errlen)
{
	char *warn = NULL, *s, *nl, *answer = NULL, why[ERRLEN];
	struct path_stats_list known = { NULL, 0 };
	size_t wlen = 0;
	FILE *w;
	int r;

	/* With the alua handler the kernel knows the current paths' prios. */
	if (grouping == GROUP_BY_PRIO && m->dm->message_answer &&
	    t->nr_hw_args && !strcmp(t->hw_args[0], "alua") &&
	    !m->dm->message_answer(dm->name, "path_stats", &answer, why,
				   sizeof(why)) && path_stats_parse(answer, &known))
		known = (struct path_stats_list){ NULL, 0 };
	free(answer);
	w = open_memstream(&warn, &wlen);
	r = regroup_add(t, grouping == GROUP_BY_PRIO ? TABLE_GROUP_BY_PRIO :
			TABLE_GROUP_BY_SERIAL, m->sysfs, d->bd.major,
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
	struct config_settings cs;
	char err[ERRLEN], what[128], *line;
	struct status_map t;
	int r;

	if (status_parse(MP_TABLE, dm->table, &t, err, sizeof(err))) {
		monitor_log(m, 3, "%s: cannot parse its table: %s", dm->name, err);
		return -1;
	}
	if (status_find_path(&t, d->bd.major, d->bd.minor)) {
		status_free(&t);
		return 0;
	}
	/* Not a path yet: now its holders mean someone else has it. */
	config_resolve(conf, d->wwid, known(d->vendor), known(d->product), &cs);
	line = malloc(TABLE_LEN);
	if (!line)
		r = -1;
	else if (holders_check(m->sysfs, d->bd.major, d->bd.minor, NULL, err,
			       sizeof(err)))
		r = -1;
	else if (cs.refused[0]) {
		/* A statement of the config would make it a wrong map. */
		snprintf(err, sizeof(err), "%s", cs.refused);
		r = -1;
	} else if (prkey_before_add(m, conf, dm->name, d->wwid, d->name, err,
				    sizeof(err))) {
		/* The map's reservation key on it first (prkey.h). */
		r = -1;
	} else if (cs.grouping == GROUP_BY_PRIO || cs.grouping == GROUP_BY_SERIAL)
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

/* Log each line of @text (group.c's warnings) at @prio for map @name. */
static void log_lines(struct monitor *m, const char *name, char *text)
{
	char *s, *nl;

	for (s = text; s && *s; s = nl ? nl + 1 : s + strlen(s)) {
		nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		if (!strncmp(s, "mpath2ctl: ", 11))
			s += 11;
		if (*s)
			monitor_log(m, 4, "%s: %s", name, s);
	}
}

/*
 * The name a new map of @wwid gets, as discover gives it: its
 * multipaths{} alias, its bindings alias with user_friendly_names (a
 * new one appended to the bindings file), else the WWID. NULL after
 * logging why.
 */
static const char *new_name(struct monitor *m, const struct mpath2_conf *conf,
			    const struct config_settings *cs, const char *wwid,
			    struct bindings *bs)
{
	const char *name = config_alias(conf, wwid);
	char err[ERRLEN];

	if (name || !cs->user_friendly_names || !m->bindings)
		return name ? name : wwid;
	if (bindings_load(m->bindings, bs, err, sizeof(err))) {
		monitor_log(m, 3, "%s: no map made: %s", wwid, err);
		return NULL;
	}
	name = bindings_lookup(bs, wwid);
	if (name)
		return name;
	name = bindings_add(bs, wwid);
	if (!name || bindings_append(m->bindings, name, wwid, err,
				     sizeof(err))) {
		monitor_log(m, 3, "%s: no map made: %s", wwid,
			name ? err : "out of memory");
		return NULL;
	}
	return name;
}

/*
 * The disks of @wwid in sysfs that may be its paths: not blacklisted,
 * of @sectors, held by no one. Into @out (room for @nr); how many.
 */
static size_t lun_disks(struct monitor *m, const struct mpath2_conf *conf,
			const char *wwid, const struct discover_path *all, size_t nr,
			unsigned long long sectors, struct discover_path *out)
{
	char err[ERRLEN];
	size_t i, n = 0;

	for (i = 0; i < nr; i++) {
		const struct discover_path *p = &all[i];

		if (strcmp(p->wwid, wwid) ||
		    config_blacklisted(conf, p->name, p->wwid, known(p->vendor),
				       known(p->product)))
			continue;
		if (p->bd.sectors != sectors) {
			monitor_log(m, 4, "%s: %s left out: %llu sectors, not"
				" %llu", wwid, p->name, p->bd.sectors, sectors);
			continue;
		}
		if (holders_check(m->sysfs, p->bd.major, p->bd.minor, NULL, err,
				  sizeof(err))) {
			monitor_log(m, 4, "%s: %s left out: %s", wwid, p->name,
				err);
			continue;
		}
		out[n++] = *p;
	}
	return n;
}

/* The table of a new map over @nr @paths into @line (TABLE_LEN). */
static int new_table(struct monitor *m, const char *name,
		     const struct tbl_opts *o, const struct discover_path *p, size_t nr,
		     char *line, char *err, size_t errlen)
{
	struct tbl_path *paths = calloc(nr, sizeof(*paths));
	unsigned int *group = calloc(nr, sizeof(*group));
	char **dirs = calloc(nr, sizeof(*dirs));
	char *warn = NULL;
	size_t i, wlen = 0;
	FILE *w = NULL;
	int r = -1;

	for (i = 0; dirs && i < nr; i++) {
		dirs[i] = malloc(PATH_MAX);
		if (!dirs[i])
			break;
		snprintf(dirs[i], PATH_MAX, "%s/block/%s", m->sysfs, p[i].name);
	}
	if (!paths || !group || !dirs || i < nr) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (i = 0; i < nr; i++) {
		paths[i].major = p[i].bd.major;
		paths[i].minor = p[i].bd.minor;
	}
	w = open_memstream(&warn, &wlen);
	r = group_paths(o, m->sysfs, paths, (const char *const *)dirs, nr,
			group, w, NULL, err, errlen) ||
	    table_build_grouped(o, paths, group, nr, line, TABLE_LEN, err,
				errlen) ? -1 : 0;
	if (w)
		fclose(w);
	log_lines(m, name, warn);
out:
	free(warn);
	for (i = 0; dirs && i < nr; i++)
		free(dirs[i]);
	free(dirs);
	free(paths);
	free(group);
	return r;
}

/* Forget the smart waits on disks of @wwid, or on @major:@minor. */
static void drop_waits(struct monitor *m, const char *wwid,
		       const struct discover_path *p, size_t nr, unsigned int major,
		       unsigned int minor)
{
	size_t i = 0, j;
	int drop;

	while (i < m->nr_waits) {
		struct monitor_wait *w = &m->waits[i];

		drop = w->major == major && w->minor == minor;
		for (j = 0; !drop && wwid && j < nr; j++)
			drop = w->major == p[j].bd.major &&
			       w->minor == p[j].bd.minor;
		if (drop)
			m->waits[i] = m->waits[--m->nr_waits];
		else
			i++;
	}
}

/*
 * Make the map of claimed @d's LUN (claim.h said why: @why) over every
 * disk of its WWID that may be a path; the WWID goes in the wwids file.
 * 1 if made, -1 if refused or it failed (logged).
 */
static int make_map(struct monitor *m, const struct mpath2_conf *conf,
		    const struct disk *d, enum claim_answer why)
{
	char err[ERRLEN], uuid[MPDM_UUID_LEN + 1], names[256], *line = NULL;
	struct bindings bs = { NULL, 0 };
	struct discover_path *all = NULL, *p = NULL;
	struct config_settings cs;
	struct tbl_opts o;
	const char *name;
	size_t i, nr = 0, n = 0, len;
	int r = -1, lock, made;

	if (strlen(MPDM_UUID_PREFIX) + strlen(d->wwid) > MPDM_UUID_LEN ||
	    strlen(d->wwid) >= MPDM_NAME_LEN) {
		monitor_log(m, 3, "%s: no map made: WWID too long for a map",
			d->name);
		return -1;
	}
	config_resolve(conf, d->wwid, known(d->vendor), known(d->product), &cs);
	table_default_opts(&o);
	if (table_conf_apply(&o, &cs, err, sizeof(err))) {
		monitor_log(m, 3, "%s: no map made: %s", d->wwid, err);
		return -1;
	}
	if (discover_scan(m->sysfs, NULL, &all, &nr, err, sizeof(err))) {
		monitor_log(m, 3, "%s: no map made: %s", d->wwid, err);
		return -1;
	}
	p = calloc(nr ? nr : 1, sizeof(*p));
	line = malloc(TABLE_LEN);
	if (!p || !line) {
		monitor_log(m, 3, "%s: no map made: out of memory", d->wwid);
		goto out;
	}
	n = lun_disks(m, conf, d->wwid, all, nr, d->bd.sectors, p);
	if (!n)
		goto out;	/* d itself is held: logged */
	name = new_name(m, conf, &cs, d->wwid, &bs);
	if (!name)
		goto out;
	if (new_table(m, name, &o, p, n, line, err, sizeof(err))) {
		monitor_log(m, 3, "%s: no map made: %s", name, err);
		goto out;
	}
	strcpy(uuid, MPDM_UUID_PREFIX);
	strcat(uuid, d->wwid);
	lock = monitor_lock_map(m, name);
	if (lock == -1)
		goto out;
	made = m->dm->create(name, uuid, d->bd.sectors, line, err,
			     sizeof(err));
	monitor_unlock_map(m, lock);
	if (made) {
		monitor_log(m, 3, "%s: no map made: %s", name, err);
		goto out;
	}
	for (i = 0, len = 0, names[0] = '\0'; i < n; i++)
		len += (size_t)snprintf(names + len, len < sizeof(names) ?
					sizeof(names) - len : 0, "%s%s",
					i ? " " : "", p[i].name);
	monitor_log(m, 5, "%s: created over %zu path%s (%s): %s", name, n,
		n == 1 ? "" : "s", names, why == CLAIM_WWIDS ?
		"its WWID is in the wwids file" : why == CLAIM_GREEDY ?
		"find_multipaths greedy" : "more than one path");
	r = 1;
	if (wwids_add(m->wwids, d->wwid, err, sizeof(err)) < 0)
		monitor_log(m, 4, "%s: %s", name, err);
	for (i = 0; i < n; i++)
		claim_forget(m->stamps, p[i].bd.major, p[i].bd.minor);
	drop_waits(m, d->wwid, p, n, 0, 0);
out:
	bindings_free(&bs);
	free(line);
	free(p);
	free(all);
	return r;
}

/* Hold lone disk @d for @secs (find_multipaths smart). */
static void wait_for(struct monitor *m, const struct disk *d, int secs,
		     long long now_ms)
{
	struct monitor_wait *grown;
	size_t i;

	for (i = 0; i < m->nr_waits; i++)
		if (m->waits[i].major == d->bd.major &&
		    m->waits[i].minor == d->bd.minor)
			break;
	if (i == m->nr_waits) {
		grown = realloc(m->waits, (m->nr_waits + 1) * sizeof(*grown));
		if (!grown) {
			monitor_log(m, 3, "%s: out of memory: not waited for",
				d->name);
			return;
		}
		m->waits = grown;
		m->nr_waits++;
		monitor_log(m, 6, "%s: alone with WWID %s, held %d s for a"
			" second path (find_multipaths smart)", d->name,
			d->wwid, secs);
	}
	snprintf(m->waits[i].disk, sizeof(m->waits[i].disk), "%s", d->name);
	m->waits[i].major = d->bd.major;
	m->waits[i].minor = d->bd.minor;
	m->waits[i].due_ms = now_ms + secs * 1000LL;
}

/*
 * No map has @d's WWID: make one if the disk is claimed (claim.h), hold
 * it if smart waits for a second path. 1 if a map was made, 0, or -1.
 */
static int claim_or_wait(struct monitor *m, const struct mpath2_conf *conf,
			 const struct disk *d, long long now_ms)
{
	struct wwids ws = { NULL, 0 };
	struct claim_result res;
	char err[ERRLEN];

	if (wwids_load(m->wwids, &ws, err, sizeof(err))) {
		/* Unreadable: no WWID counts as listed, the others decide. */
		monitor_log(m, 4, "%s", err);
	}
	if (claim_disk(m->sysfs, conf, &ws, m->stamps, d->name, claim_now(),
		       &res, err, sizeof(err))) {
		wwids_free(&ws);
		return 0;
	}
	wwids_free(&ws);
	switch (res.answer) {
	case CLAIM_WWIDS:
	case CLAIM_SIBLING:
	case CLAIM_GREEDY:
		return make_map(m, conf, d, res.answer);
	case CLAIM_WAIT:
		wait_for(m, d, res.wait_left_s, now_ms);
		return 0;
	default:
		return 0;
	}
}

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int hotplug_add(struct monitor *m, const struct mpath2_conf *conf,
		 const char *disk)
{
	struct disk d = { .name = disk };
	char name[MPDM_NAME_LEN], err[ERRLEN];
	struct mpdm_map dm;
	int r, lock;

	if (!m->sysfs || strchr(disk, '/') || read_disk(m, &d))
		return 0;
	if (config_blacklisted(conf, disk, d.wwid, known(d.vendor),
			     known(d.product)))
		return 0;
	if (map_of_wwid(m, d.wwid, &dm))
		return m->wwids && m->dm->create ?
		       claim_or_wait(m, conf, &d, mono_ms()) : 0;
	/* Under the map's lock, its table as it is now. */
	lock = monitor_lock_map(m, dm.name);
	if (lock == -1) {
		mpdm_free_map(&dm);
		return -1;
	}
	if (lock >= 0) {
		snprintf(name, sizeof(name), "%s", dm.name);
		mpdm_free_map(&dm);
		if (m->dm->get_map(name, 0, &dm, err, sizeof(err))) {
			monitor_unlock_map(m, lock);
			return 0;	/* gone meanwhile */
		}
	}
	if (dm.sectors != d.bd.sectors) {
		monitor_log(m, 3, "%s: %s not added: %llu sectors, the map has %llu",
			dm.name, disk, d.bd.sectors, dm.sectors);
		r = -1;
	} else {
		r = add_to(m, conf, &d, &dm);
	}
	mpdm_free_map(&dm);
	monitor_unlock_map(m, lock);
	return r;
}

/* Take @major:@minor out of map @name if it has it: 1 if it did. */
static int remove_from(struct monitor *m, const char *name,
		       unsigned int major, unsigned int minor)
{
	char err[ERRLEN], what[64], *line = NULL;
	struct mpdm_map dm;
	struct status_map t;
	int r = 0, lock;

	lock = monitor_lock_map(m, name);
	if (lock == -1)
		return 0;
	if (m->dm->get_map(name, 0, &dm, err, sizeof(err))) {
		monitor_unlock_map(m, lock);
		return 0;
	}
	if (status_parse(MP_TABLE, dm.table, &t, err, sizeof(err))) {
		mpdm_free_map(&dm);
		monitor_unlock_map(m, lock);
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
	monitor_unlock_map(m, lock);
	return r;
}

int hotplug_remove(struct monitor *m, unsigned int major, unsigned int minor)
{
	char err[ERRLEN], **names;
	size_t i, count;
	int n = 0;

	drop_waits(m, NULL, NULL, 0, major, minor);
	claim_forget(m->stamps, major, minor);
	/* The disk is gone: its device is closed now, not at the sweep. */
	checker_forget(m->chk, major, minor);

	if (m->dm->list(&names, &count, err, sizeof(err))) {
		monitor_log(m, 3, "%s", err);
		return 0;
	}
	for (i = 0; i < count; i++)
		n += remove_from(m, names[i], major, minor);
	mpdm_free_names(names, count);
	return n;
}

int hotplug_coldplug(struct monitor *m, const struct mpath2_conf *conf)
{
	struct discover_path *all;
	char err[ERRLEN];
	size_t i, nr;
	int n = 0;

	if (!m->sysfs)
		return 0;
	if (discover_scan(m->sysfs, NULL, &all, &nr, err, sizeof(err))) {
		monitor_log(m, 3, "%s", err);
		return 0;
	}
	for (i = 0; i < nr; i++)
		n += hotplug_add(m, conf, all[i].name) == 1;
	free(all);
	return n;
}

/* Ask udev to look at @disk afresh: smart let it go. */
static void retrigger(struct monitor *m, const char *disk)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/block/%s/uevent", m->sysfs, disk);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "add", 3) != 3)
		monitor_log(m, 4, "%s: %s: %s", disk, path, strerror(errno));
	if (fd >= 0)
		close(fd);
}

int hotplug_due(struct monitor *m, const struct mpath2_conf *conf,
		long long now_ms)
{
	struct wwids ws = { NULL, 0 };
	struct claim_result res;
	struct monitor_wait w;
	struct disk d;
	char err[ERRLEN];
	size_t i = 0;
	int n = 0;

	while (i < m->nr_waits) {
		if (m->waits[i].due_ms > now_ms) {
			i++;
			continue;
		}
		w = m->waits[i];
		m->waits[i] = m->waits[--m->nr_waits];
		memset(&d, 0, sizeof(d));
		d.name = w.disk;
		if (read_disk(m, &d) || d.bd.major != w.major ||
		    d.bd.minor != w.minor)
			continue;	/* gone, or another disk now */
		if (wwids_load(m->wwids, &ws, err, sizeof(err)))
			monitor_log(m, 4, "%s", err);
		if (claim_disk(m->sysfs, conf, &ws, m->stamps, d.name,
			       claim_now(), &res, err, sizeof(err)))
			res.answer = CLAIM_NO;
		wwids_free(&ws);
		if (res.answer == CLAIM_RELEASED) {
			monitor_log(m, 5, "%s: released: no second path with"
				" WWID %s came (find_multipaths smart)", d.name,
				d.wwid);
			retrigger(m, d.name);
			n++;
		} else {
			/* A map, a sibling, the wwids file, a wait still. */
			n += hotplug_add(m, conf, d.name) == 1;
		}
		i = 0;	/* hotplug_add() may have changed the list */
	}
	return n;
}
