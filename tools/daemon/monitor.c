// SPDX-License-Identifier: GPL-2.0-only
/* The daemon's path table and check rounds (see monitor.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkers/checker_kind.h"
#include "daemon/monitor.h"
#include "daemon/pathstate.h"
#include "daemon/prkey.h"
#include "cli/show_tree.h"
#include "lib/common.h"
#include "lib/maplock.h"
#include "lib/sysfs.h"
#include "table/status.h"
#include "lib/wwid.h"

#define GRACE_MS	1000	/* past the SG_IO timeout, before "no answer" */

const struct monitor_dm monitor_dm_real = {
	.list = mpdm_list,
	.get_map = mpdm_get_map,
	.message = mpdm_message,
	.reload = mpdm_reload,
	.message_answer = mpdm_message_answer,
	.create = mpdm_create,
	.list_events = mpdm_list_events,
	.lock = maplock_take,
	.unlock = maplock_drop,
};

int monitor_lock_map(const struct monitor *m, const char *name)
{
	char err[ERRLEN];
	int fd;

	if (!m->dm->lock)
		return MONITOR_NO_LOCK;
	fd = m->dm->lock(name, err, sizeof(err));
	if (fd < 0)
		monitor_log(m, 3, "%s: left alone: %s", name, err);
	return fd;
}

void monitor_unlock_map(const struct monitor *m, int lock)
{
	if (lock >= 0 && m->dm->unlock)
		m->dm->unlock(lock);
}

void monitor_log(const struct monitor *m, int prio, const char *fmt, ...)
{
	va_list ap;

	if (!m->log)
		return;
	fprintf(m->log, "<%d>", prio);
	va_start(ap, fmt);
	vfprintf(m->log, fmt, ap);
	va_end(ap);
	fputc('\n', m->log);
	fflush(m->log);
}

void monitor_init(struct monitor *m, const struct monitor_dm *dm, struct checker *chk,
	      const char *sysfs, FILE *log, int poll_s, int max_s,
	      int timeout_s)
{
	memset(m, 0, sizeof(*m));
	m->dm = dm;
	m->chk = chk;
	m->sysfs = sysfs;
	m->log = log;
	m->poll_s = poll_s;
	m->max_s = max_s;
	m->timeout_s = timeout_s;
}

void monitor_free(struct monitor *m)
{
	free(m->paths);
	m->paths = NULL;
	m->nr = 0;
	free(m->waits);
	m->waits = NULL;
	m->nr_waits = 0;
	free(m->maps);
	m->maps = NULL;
	m->nr_maps = 0;
}

static struct monitor_path *find_path(struct monitor *m, const char *map,
				  unsigned int major, unsigned int minor)
{
	size_t i;

	for (i = 0; i < m->nr; i++)
		if (m->paths[i].major == major && m->paths[i].minor == minor &&
		    (!map || !strcmp(m->paths[i].map, map)))
			return &m->paths[i];
	return NULL;
}

/* "sdb (8:16)", or "8:16" without a name. */
static const char *path_name(const struct monitor_path *p, char *buf, size_t len)
{
	if (p->dev[0])
		snprintf(buf, len, "%s (%u:%u)", p->dev, p->major, p->minor);
	else
		snprintf(buf, len, "%u:%u", p->major, p->minor);
	return buf;
}

/*
 * The WWID the path must show: the map's own, from its UUID
 * (mpath2-<wwid>), else what sysfs says the path had when first seen.
 */
static void expected_wwid(const struct monitor *m, const char *uuid,
			  struct monitor_path *p)
{
	const char *w = uuid + strlen(MPDM_UUID_PREFIX);
	char err[ERRLEN];

	if (!strncmp(uuid, MPDM_UUID_PREFIX, strlen(MPDM_UUID_PREFIX)) &&
	    vpd_valid_wwid(w) && strlen(w) < sizeof(p->wwid)) {
		strcpy(p->wwid, w);
		return;
	}
	if (wwid_read(m->sysfs, p->major, p->minor, NULL, p->wwid,
		      sizeof(p->wwid), err, sizeof(err)))
		p->wwid[0] = '\0';
}

static struct monitor_path *add_path(struct monitor *m, const char *map,
				 const char *uuid, const struct status_path *mp,
				 long long now_ms)
{
	struct monitor_path *grown, *p;
	char name[64];

	grown = realloc(m->paths, (m->nr + 1) * sizeof(*grown));
	if (!grown) {
		monitor_log(m, 3, "out of memory: %s %u:%u not watched", map,
			mp->major, mp->minor);
		return NULL;
	}
	m->paths = grown;
	p = &grown[m->nr++];
	memset(p, 0, sizeof(*p));
	snprintf(p->map, sizeof(p->map), "%s", map);
	p->major = mp->major;
	p->minor = mp->minor;
	if (sysfs_devname(m->sysfs, p->major, p->minor, p->dev, sizeof(p->dev)))
		p->dev[0] = '\0';
	expected_wwid(m, uuid, p);
	p->kstate = mp->state;
	p->chk = MONITOR_NO_STATE;
	p->kind = -1;
	p->interval = m->poll_s;
	p->next_ms = now_ms;
	monitor_log(m, 6, "%s: watching path %s, %s in the kernel", map,
		path_name(p, name, sizeof(name)),
		p->kstate == 'A' ? "active" : "failed");
	return p;
}

/*
 * One map's paths from its status: 1, 0 if it is gone or no mpath2 map,
 * -1 if it could not be read.
 */
static int refresh_map(struct monitor *m, const char *name, long long now_ms)
{
	struct status_map table, info;
	struct mpdm_map dm;
	struct monitor_path *p;
	char err[ERRLEN], pn[64];
	unsigned int g, i;
	int r;

	m->maps_read++;
	r = m->dm->get_map(name, 1, &dm, err, sizeof(err));
	if (r == MPDM_NOMAP || r == MPDM_NOTOURS)
		return 0;	/* gone since it was listed, or not ours */
	if (r) {
		monitor_log(m, 3, "%s", err);
		return -1;
	}
	r = status_parse(MP_TABLE, dm.table, &table, err, sizeof(err));
	if (!r && (r = status_parse(MP_INFO, dm.status, &info, err, sizeof(err))))
		status_free(&table);
	if (r) {
		monitor_log(m, 3, "%s: cannot parse its table or status: %s", name,
			err);
		mpdm_free_map(&dm);
		return -1;
	}
	for (g = 0; g < info.nr_groups; g++) {
		for (i = 0; i < info.groups[g].nr_paths; i++) {
			const struct status_path *mp = &info.groups[g].paths[i];

			p = find_path(m, name, mp->major, mp->minor);
			if (!p) {
				p = add_path(m, name, dm.uuid, mp, now_ms);
				if (p)
					p->seen = 1;
				continue;
			}
			p->seen = 1;
			if (p->kstate == mp->state)
				continue;
			monitor_log(m, 5, "%s: path %s is %s in the kernel", name,
				path_name(p, pn, sizeof(pn)),
				mp->state == 'A' ? "active again" : "failed");
			p->kstate = mp->state;
			p->kchanged = 1;
			p->told = 0;
			p->next_ms = now_ms;	/* see for ourselves, now */
			p->interval = m->poll_s;
		}
	}
	status_free(&table);
	status_free(&info);
	mpdm_free_map(&dm);
	return 1;
}

/* Drop the paths no map has any more; close the disks none has. */
static void sweep(struct monitor *m)
{
	unsigned int major, minor;
	size_t i = 0;
	char pn[64];

	while (i < m->nr) {
		struct monitor_path *p = &m->paths[i];

		if (p->seen) {
			i++;
			continue;
		}
		monitor_log(m, 6, "%s: path %s is no longer in the map", p->map,
			path_name(p, pn, sizeof(pn)));
		major = p->major;
		minor = p->minor;
		m->paths[i] = m->paths[--m->nr];
		if (!find_path(m, NULL, major, minor))
			checker_forget(m->chk, major, minor);
	}
}

void monitor_set_conf(struct monitor *m, const struct mpath2_conf *conf)
{
	size_t i;

	m->conf = conf;
	for (i = 0; i < m->nr; i++)
		m->paths[i].kind = -1;
}

/* Without event numbers: every listed map read. */
static int refresh_listed(struct monitor *m, long long now_ms)
{
	char err[ERRLEN], **names;
	size_t i, count;
	int r = 0;

	if (m->dm->list(&names, &count, err, sizeof(err))) {
		monitor_log(m, 3, "%s", err);
		return -1;
	}
	for (i = 0; i < m->nr; i++)
		m->paths[i].seen = 0;
	for (i = 0; i < count; i++)
		if (refresh_map(m, names[i], now_ms) < 0)
			r = -1;
	mpdm_free_names(names, count);
	/* A map that could not be read keeps its paths: no sweep then. */
	if (!r)
		sweep(m);
	return r;
}

static struct monitor_map *find_map(struct monitor *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nr_maps; i++)
		if (!strcmp(m->maps[i].name, name))
			return &m->maps[i];
	return NULL;
}

void monitor_map_stale(struct monitor *m, const char *name)
{
	struct monitor_map *mm = find_map(m, name);

	if (mm)
		mm->stale = 1;
}

void monitor_map_stale_dev(struct monitor *m, unsigned int major,
			   unsigned int minor)
{
	size_t i;

	for (i = 0; i < m->nr_maps; i++)
		if (m->maps[i].major == major && m->maps[i].minor == minor)
			m->maps[i].stale = 1;
}

const struct monitor_map *monitor_map_by_uuid(const struct monitor *m,
					      const char *uuid)
{
	size_t i;

	for (i = 0; i < m->nr_maps; i++)
		if (m->maps[i].ours && !strcmp(m->maps[i].uuid, uuid))
			return &m->maps[i];
	return NULL;
}

/* Map @name's paths stay as they are: not read, not swept. */
static void keep_paths(struct monitor *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nr; i++)
		if (!strcmp(m->paths[i].map, name))
			m->paths[i].seen = 1;
}

/* Whether @e is the device @old was, with no event since. */
static int unchanged(const struct monitor_map *old, const struct mpdm_entry *e)
{
	return old && !old->stale && old->major == e->major &&
	       old->minor == e->minor && !strcmp(old->uuid, e->uuid) &&
	       old->has_event && e->has_event && old->event_nr == e->event_nr;
}

/* Read the maps of @list that changed (all: every one); keep the rest. */
static int refresh_entries(struct monitor *m, const struct mpdm_entry *list,
			   size_t count, int all, long long now_ms)
{
	struct monitor_map *maps, *old, *mm;
	size_t i;
	int r = 0, one;

	maps = calloc(count ? count : 1, sizeof(*maps));
	if (!maps) {
		monitor_log(m, 3, "out of memory: the maps not read");
		return -1;
	}
	for (i = 0; i < m->nr; i++)
		m->paths[i].seen = 0;
	for (i = 0; i < count; i++) {
		old = find_map(m, list[i].name);
		mm = &maps[i];
		snprintf(mm->name, sizeof(mm->name), "%s", list[i].name);
		snprintf(mm->uuid, sizeof(mm->uuid), "%s", list[i].uuid);
		mm->major = list[i].major;
		mm->minor = list[i].minor;
		mm->event_nr = list[i].event_nr;
		mm->has_event = list[i].has_event;
		if (!all && unchanged(old, &list[i])) {
			mm->ours = old->ours;
			keep_paths(m, mm->name);
			continue;
		}
		one = refresh_map(m, mm->name, now_ms);
		if (one < 0) {
			/* Unreadable now: its paths kept, read again next time. */
			keep_paths(m, mm->name);
			mm->stale = 1;
			r = -1;
		}
		mm->ours = one > 0;
	}
	free(m->maps);
	m->maps = maps;
	m->nr_maps = count;
	sweep(m);
	return r;
}

static int refresh(struct monitor *m, int all, long long now_ms)
{
	struct mpdm_entry *list;
	char err[ERRLEN];
	size_t count;
	int r;

	if (!m->dm->list_events)
		return refresh_listed(m, now_ms);
	if (m->dm->list_events(&list, &count, err, sizeof(err))) {
		monitor_log(m, 3, "%s", err);
		return -1;
	}
	r = refresh_entries(m, list, count, all, now_ms);
	free(list);
	return r;
}

int monitor_refresh(struct monitor *m, long long now_ms)
{
	return refresh(m, 1, now_ms);
}

int monitor_refresh_changed(struct monitor *m, long long now_ms)
{
	return refresh(m, 0, now_ms);
}

/* A running check of the same disk for another map, or NULL. */
static struct monitor_path *running_twin(struct monitor *m,
				     const struct monitor_path *p)
{
	size_t i;

	for (i = 0; i < m->nr; i++)
		if (&m->paths[i] != p && m->paths[i].running &&
		    !m->paths[i].timed_out && m->paths[i].major == p->major &&
		    m->paths[i].minor == p->minor)
			return &m->paths[i];
	return NULL;
}

int monitor_start_due(struct monitor *m, long long now_ms)
{
	struct monitor_path *twin;
	char devnode[64];
	size_t i;
	int n = 0;

	for (i = 0; i < m->nr; i++) {
		struct monitor_path *p = &m->paths[i];

		if (p->running || now_ms < p->next_ms)
			continue;
		/* One disk in two maps: one check answers both. */
		twin = running_twin(m, p);
		if (twin) {
			p->running = 1;
			p->timed_out = 0;
			p->deadline_ms = twin->deadline_ms;
			continue;
		}
		if (p->dev[0])
			snprintf(devnode, sizeof(devnode), "/dev/%s", p->dev);
		else
			snprintf(devnode, sizeof(devnode), "/dev/block/%u:%u",
				 p->major, p->minor);
		if (p->kind < 0)
			p->kind = (int)checker_kind_for(m->conf, m->sysfs,
							p->wwid, p->major,
							p->minor);
		if (checker_start_kind(m->chk, (enum checker_kind)p->kind,
				       p->major, p->minor, devnode,
				       (unsigned int)m->timeout_s * 1000,
				       p->kstate == 'F')) {
			/* A timed-out check of it still runs: later. */
			p->next_ms = now_ms + 1000;
			continue;
		}
		p->running = 1;
		p->timed_out = 0;
		p->deadline_ms = now_ms + m->timeout_s * 1000LL + GRACE_MS;
		n++;
	}
	return n;
}

static int send_msg(struct monitor *m, struct monitor_path *p, const char *word)
{
	char msg[64], err[ERRLEN];

	snprintf(msg, sizeof(msg), "%s %u:%u", word, p->major, p->minor);
	if (!m->dm->message(p->map, msg, err, sizeof(err)))
		return 0;
	monitor_log(m, 3, "%s", err);
	return -1;
}

/* Act on one answer for path @p (pathstate.h). */
static void apply(struct monitor *m, struct monitor_path *p, enum tur_state st,
		  int wwid_read, const char *wwid, const char *why,
		  long long now_ms)
{
	int changed = p->chk != (int)st || p->kchanged;
	int same = !p->wwid[0] || !strcmp(p->wwid, wwid);
	char pn[64], prwhy[ERRLEN];

	path_name(p, pn, sizeof(pn));
	if (p->chk != (int)st) {
		monitor_log(m, pathstate_usable(st) ? 5 : 4, "%s: path %s checker %s%s%s"
			" (%s)", p->map, pn, p->chk == MONITOR_NO_STATE ? "" :
			tur_state_name((enum tur_state)p->chk),
			p->chk == MONITOR_NO_STATE ? "" : " -> ",
			tur_state_name(st), why);
		p->told = 0;
	}
	p->chk = (int)st;
	p->kchanged = 0;
	switch (pathstate_decide(p->kstate, st, wwid_read, wwid_read && same)) {
	case PS_FAIL:
		monitor_log(m, 4, "%s: failing path %s", p->map, pn);
		if (!send_msg(m, p, "fail_path"))
			p->kstate = 'F';
		break;
	case PS_REINSTATE:
		if (!p->wwid[0])
			snprintf(p->wwid, sizeof(p->wwid), "%s", wwid);
		/* The map's reservation key on the path first (prkey.h). */
		if (prkey_before_reinstate(m, p, prwhy, sizeof(prwhy))) {
			if (!p->told)
				monitor_log(m, 4, "%s: path %s not reinstated: %s",
					    p->map, pn, prwhy);
			p->told = 1;
			break;
		}
		if (!p->told)
			monitor_log(m, 5, "%s: reinstating path %s", p->map, pn);
		/* The kernel may hold it (hold_down): ask again next time. */
		if (!send_msg(m, p, "reinstate_path"))
			p->told = 1;
		break;
	case PS_WWID_CHANGED:
		if (!p->told)
			monitor_log(m, 3, "%s: path %s not reinstated: its WWID is"
				" now %s, the map's is %s", p->map, pn, wwid,
				p->wwid);
		p->told = 1;
		break;
	case PS_WWID_UNREAD:
		if (!p->told)
			monitor_log(m, 4, "%s: path %s not reinstated yet: its WWID"
				" could not be read again (%s)", p->map, pn,
				why);
		p->told = 1;
		break;
	default:
		break;
	}
	p->interval = pathstate_next_interval(p->interval, changed,
				       pathstate_usable(st) && p->kstate == 'A',
				       m->poll_s, m->max_s);
	/*
	 * On the tick (a whole second) at or before: the checks due within
	 * one second start together and end together, one wake-up of the
	 * loop for many paths, as multipathd's one-second ticks.
	 */
	p->next_ms = (now_ms + p->interval * 1000LL) / MONITOR_TICK_MS *
		     MONITOR_TICK_MS;
	if (p->next_ms <= now_ms)
		p->next_ms = now_ms + 1;
}

int monitor_collect(struct monitor *m, long long now_ms)
{
	struct checker_result res[16];
	char why[64];
	size_t i, k, n;
	int acted = 0;

	while ((n = checker_reap(m->chk, res, 16)) > 0) {
		for (k = 0; k < n; k++) {
			for (i = 0; i < m->nr; i++) {
				struct monitor_path *p = &m->paths[i];

				if (p->major != res[k].major ||
				    p->minor != res[k].minor || !p->running)
					continue;
				p->running = 0;
				apply(m, p, res[k].state, res[k].wwid_read,
				      res[k].wwid, res[k].why, now_ms);
				acted++;
			}
		}
		if (n < 16)
			break;
	}
	for (i = 0; i < m->nr; i++) {
		struct monitor_path *p = &m->paths[i];

		if (!p->running || p->timed_out || now_ms < p->deadline_ms)
			continue;
		/* Still no answer: down, and no new check until it ends. */
		p->timed_out = 1;
		snprintf(why, sizeof(why), "no answer within %d s",
			 m->timeout_s);
		apply(m, p, TUR_DOWN, 0, "", why, now_ms);
		acted++;
	}
	return acted;
}

long long monitor_next_ms(const struct monitor *m)
{
	long long next = -1, t;
	size_t i;

	for (i = 0; i < m->nr; i++) {
		const struct monitor_path *p = &m->paths[i];

		if (p->running && p->timed_out)
			continue;	/* waits for its thread to end */
		t = p->running ? p->deadline_ms : p->next_ms;
		if (next < 0 || t < next)
			next = t;
	}
	for (i = 0; i < m->nr_waits; i++)
		if (next < 0 || m->waits[i].due_ms < next)
			next = m->waits[i].due_ms;
	return next;
}

int monitor_running(const struct monitor *m)
{
	size_t i;
	int n = 0;

	for (i = 0; i < m->nr; i++)
		n += m->paths[i].running;
	return n;
}
