// SPDX-License-Identifier: GPL-2.0-only
/*
 * libdevmapper wrapper. Every call is one dm_task: create, set the name,
 * run, read, destroy. libdevmapper's own log lines are caught instead of
 * printed, and the first error among them becomes the reason returned,
 * so that mpath2ctl prints one line per failure.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <time.h>

#include <libdevmapper.h>

#include "lib/mpdm.h"

#define DM_LOG_LEVEL_MASK	0x7	/* libdm ORs flags above the level */
#define DM_LOG_ERR		3	/* libdm's _LOG_ERR; fatal is 2 */

static char dm_error[256];	/* first libdm error of the current call */

__attribute__((format(printf, 5, 6)))
static void catch_log(int level, const char *file, int line, int errno_or_class,
		      const char *fmt, ...)
{
	va_list ap;

	(void)file;
	(void)line;
	(void)errno_or_class;
	if ((level & DM_LOG_LEVEL_MASK) > DM_LOG_ERR || dm_error[0])
		return;
	va_start(ap, fmt);
	vsnprintf(dm_error, sizeof(dm_error), fmt, ap);
	va_end(ap);
}

static void start_call(void)
{
	static int logging;

	if (!logging) {
		dm_log_with_errno_init(catch_log);
		logging = 1;
	}
	dm_error[0] = '\0';
}

/* The reason for a failed task: libdm's words if it had any. */
static int task_error(struct dm_task *dmt, const char *name, const char *what,
		      char *err, size_t errlen)
{
	int e = dmt ? dm_task_get_errno(dmt) : ENOMEM;

	if (e == ENXIO && name) {
		snprintf(err, errlen, "%s: no such map", name);
		return MPDM_NOMAP;
	}
	if (dm_error[0])
		snprintf(err, errlen, "%s", dm_error);
	else
		snprintf(err, errlen, "%s%s%s failed: %s", name ? name : "",
			 name ? ": " : "", what, strerror(e ? e : EIO));
	return MPDM_ERR;
}

/* Run a DM_DEVICE_TABLE or DM_DEVICE_STATUS task; copy out the target. */
static int get_params(int type, const char *name, struct mpdm_map *map,
		      char **params, char *err, size_t errlen)
{
	const char *what = type == DM_DEVICE_TABLE ? "table" : "status";
	char *ttype = NULL, *p = NULL;
	uint64_t start, length;
	struct dm_task *dmt;
	struct dm_info info;
	void *next;
	int r;

	dmt = dm_task_create(type);
	if (!dmt || !dm_task_set_name(dmt, name) || !dm_task_run(dmt) ||
	    !dm_task_get_info(dmt, &info)) {
		r = task_error(dmt, name, what, err, errlen);
		goto out;
	}
	r = MPDM_NOMAP;
	if (!info.exists) {
		snprintf(err, errlen, "%s: no such map", name);
		goto out;
	}
	r = MPDM_NOTOURS;
	next = dm_get_next_target(dmt, NULL, &start, &length, &ttype, &p);
	if (!ttype || strcmp(ttype, MPDM_TARGET) || next) {
		snprintf(err, errlen, "%s: not an %s map (%s)", name, MPDM_TARGET,
			 !ttype ? "no table loaded" :
			 next ? "more than one target" : ttype);
		goto out;
	}
	r = MPDM_ERR;
	*params = strdup(p ? p : "");
	if (!*params) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	p = (char *)dm_task_get_uuid(dmt);
	snprintf(map->uuid, sizeof(map->uuid), "%s", p ? p : "");
	map->major = info.major;
	map->minor = info.minor;
	map->read_only = info.read_only;
	map->sectors = length;
	r = 0;
out:
	if (dmt)
		dm_task_destroy(dmt);
	return r;
}

int mpdm_get_map(const char *name, int with_status, struct mpdm_map *map,
		 char *err, size_t errlen)
{
	int r;

	start_call();
	memset(map, 0, sizeof(*map));
	snprintf(map->name, sizeof(map->name), "%s", name);
	r = get_params(DM_DEVICE_TABLE, name, map, &map->table, err, errlen);
	if (!r && with_status)
		r = get_params(DM_DEVICE_STATUS, name, map, &map->status,
			       err, errlen);
	if (r)
		mpdm_free_map(map);
	return r;
}

void mpdm_free_map(struct mpdm_map *map)
{
	free(map->table);
	free(map->status);
	map->table = NULL;
	map->status = NULL;
}

int mpdm_message_answer(const char *name, const char *msg, char **answer,
			char *err, size_t errlen)
{
	struct dm_task *dmt;
	const char *resp;
	int r = 0;

	start_call();
	if (answer)
		*answer = NULL;
	dmt = dm_task_create(DM_DEVICE_TARGET_MSG);
	if (!dmt || !dm_task_set_name(dmt, name) || !dm_task_set_sector(dmt, 0) ||
	    !dm_task_set_message(dmt, msg) || !dm_task_run(dmt)) {
		int e = dmt ? dm_task_get_errno(dmt) : ENOMEM;

		r = MPDM_ERR;
		if (e == EBUSY)
			snprintf(err, errlen, "%s: map is suspended, '%s' refused",
				 name, msg);
		else if (e == EINVAL || e == ENODEV)
			snprintf(err, errlen, "%s: target refused '%s' (%s; see dmesg)",
				 name, msg, strerror(e));
		else
			r = task_error(dmt, name, "message", err, errlen);
	} else if (answer) {
		resp = dm_task_get_message_response(dmt);
		*answer = strdup(resp ? resp : "");
		if (!*answer) {
			snprintf(err, errlen, "out of memory");
			r = MPDM_ERR;
		}
	}
	if (dmt)
		dm_task_destroy(dmt);
	return r;
}

int mpdm_message(const char *name, const char *msg, char *err, size_t errlen)
{
	return mpdm_message_answer(name, msg, NULL, err, errlen);
}

/*
 * Whether map @name exists, and whether it has a live table: 1 with a
 * table, 0 without, MPDM_NOMAP if no such map, MPDM_ERR on failure.
 */
static int map_info(const char *name, char *err, size_t errlen)
{
	struct dm_task *dmt;
	struct dm_info info;
	int r;

	dmt = dm_task_create(DM_DEVICE_INFO);
	if (!dmt || !dm_task_set_name(dmt, name) || !dm_task_run(dmt) ||
	    !dm_task_get_info(dmt, &info)) {
		r = task_error(dmt, name, "info", err, errlen);
		/* ENXIO is "no such map" here, which is an answer. */
		if (r == MPDM_NOMAP)
			err[0] = '\0';
	} else {
		r = !info.exists ? MPDM_NOMAP : info.live_table ? 1 : 0;
	}
	if (dmt)
		dm_task_destroy(dmt);
	return r;
}

/*
 * The daemon's udev cookies (mpdm.h): kept here until udev has completed
 * them, oldest first.
 */
static struct {
	int defer;
	uint32_t cookie[MPDM_UDEV_MAX];
	size_t nr;
	unsigned long forced;
} udev;

void mpdm_udev_defer(int on)
{
	udev.defer = on;
}

/* Whether @cookie is done with: completed and destroyed, or unusable. */
static int cookie_done(uint32_t cookie)
{
	int ready = 0;

	/* 0: libdm failed on it (semaphore gone); never to be asked again. */
	if (!dm_udev_wait_immediate(cookie, &ready))
		return 1;
	return ready;
}

/*
 * Release @cookie without udev: complete it as udev's rules would, then
 * the wait that destroys the semaphore returns at once. udev's own
 * completion later finds no semaphore, which its rule only logs.
 */
static void cookie_force(uint32_t cookie)
{
	if (cookie_done(cookie))
		return;
	udev.forced++;
	dm_udev_complete(cookie);
	cookie_done(cookie);
}

/* Keep @cookie for mpdm_udev_poll(); the oldest forced if full. */
static void cookie_keep(uint32_t cookie)
{
	if (udev.nr == MPDM_UDEV_MAX) {
		cookie_force(udev.cookie[0]);
		memmove(udev.cookie, udev.cookie + 1,
			--udev.nr * sizeof(udev.cookie[0]));
	}
	udev.cookie[udev.nr++] = cookie;
}

size_t mpdm_udev_poll(void)
{
	size_t i = 0, kept = 0;

	if (!udev.nr)
		return 0;
	start_call();
	for (i = 0; i < udev.nr; i++)
		if (!cookie_done(udev.cookie[i]))
			udev.cookie[kept++] = udev.cookie[i];
	udev.nr = kept;
	return kept;
}

size_t mpdm_udev_pending(void)
{
	return udev.nr;
}

unsigned long mpdm_udev_forced(void)
{
	return udev.forced;
}

size_t mpdm_udev_drain(int wait_ms)
{
	struct timespec tick = { 0, MPDM_UDEV_DRAIN_STEP_MS * 1000000L };
	unsigned long before = udev.forced;
	int waited;

	for (waited = 0; mpdm_udev_poll() && waited < wait_ms;
	     waited += MPDM_UDEV_DRAIN_STEP_MS)
		nanosleep(&tick, NULL);
	while (udev.nr)
		cookie_force(udev.cookie[--udev.nr]);
	return udev.forced - before;
}

/*
 * Run @dmt with a udev cookie, and wait on the cookie whatever happens:
 * a failed CREATE may have made a device udev is still handling, and
 * dm_udev_wait() is also where libdevmapper makes or removes the
 * /dev/mapper node itself when udev is disabled (DM_DISABLE_UDEV=1:
 * dm_task_set_cookie() then hands out cookie 0 and nothing waits).
 * Deferred (the daemon), a real cookie is kept instead, and libdm is
 * told to leave the nodes to udev: a later cookie's wait makes the
 * node operations of every task before it, udev's done or not.
 */
static int run_with_cookie(struct dm_task *dmt)
{
	uint16_t flags = 0;
	uint32_t cookie = 0;
	int r;

	if (udev.defer && dm_udev_get_sync_support())
		flags = DM_UDEV_DISABLE_LIBRARY_FALLBACK;
	if (!dm_task_set_cookie(dmt, &cookie, flags))
		return 0;
	r = dm_task_run(dmt);
	if (udev.defer && cookie)
		cookie_keep(cookie);
	else
		dm_udev_wait(cookie);
	return r;
}

static int remove_map(const char *name, char *err, size_t errlen)
{
	struct dm_task *dmt;
	int r = 0;

	dmt = dm_task_create(DM_DEVICE_REMOVE);
	if (!dmt || !dm_task_set_name(dmt, name) || !run_with_cookie(dmt)) {
		r = task_error(dmt, name, "remove", err, errlen);
		if (dmt && dm_task_get_errno(dmt) == EBUSY)
			snprintf(err, errlen, "%s: map is in use (open or mounted)",
				 name);
	}
	if (dmt)
		dm_task_destroy(dmt);
	return r;
}

int mpdm_remove(const char *name, char *err, size_t errlen)
{
	start_call();
	return remove_map(name, err, errlen);
}

int mpdm_create(const char *name, const char *uuid, unsigned long long sectors,
		const char *params, char *err, size_t errlen)
{
	char why[256];
	struct dm_task *dmt;
	int r;

	start_call();
	r = map_info(name, err, errlen);
	if (r >= 0) {
		snprintf(err, errlen, "%s: a map by that name exists", name);
		return MPDM_EXISTS;
	}
	if (r != MPDM_NOMAP)
		return r;

	r = 0;
	dmt = dm_task_create(DM_DEVICE_CREATE);
	if (!dmt || !dm_task_set_name(dmt, name) ||
	    !dm_task_set_uuid(dmt, uuid) ||
	    !dm_task_add_target(dmt, 0, sectors, MPDM_TARGET, params) ||
	    !run_with_cookie(dmt)) {
		r = task_error(dmt, name, "create", err, errlen);
		if (r == MPDM_NOMAP)	/* ENXIO from CREATE is no "no map" */
			r = MPDM_ERR;
	}
	if (dmt)
		dm_task_destroy(dmt);
	if (!r)
		return 0;

	/*
	 * The kernel creates the device before it loads the table; a
	 * refused table leaves an empty map behind unless libdevmapper
	 * reverted it. Remove it, as multipath-tools does, but only if it
	 * is still empty: it was not there before this call.
	 */
	start_call();
	if (map_info(name, why, sizeof(why)) == 0 &&
	    !remove_map(name, why, sizeof(why))) {
		size_t n = strlen(err);

		snprintf(err + n, errlen - n, " (empty map removed)");
	}
	return r;
}

/*
 * One task without arguments on map @name: RESUME (with a udev cookie,
 * and noflush: I/O held by queue_if_no_path survives the table swap, as
 * multipath-tools reloads) or CLEAR.
 */
static int simple_task(int type, const char *name, const char *what,
		       int resume, char *err, size_t errlen)
{
	struct dm_task *dmt;
	int r = 0;

	dmt = dm_task_create(type);
	if (!dmt || !dm_task_set_name(dmt, name) ||
	    (resume && !dm_task_no_flush(dmt)) ||
	    !(resume ? run_with_cookie(dmt) : dm_task_run(dmt)))
		r = task_error(dmt, name, what, err, errlen);
	if (dmt)
		dm_task_destroy(dmt);
	return r;
}

int mpdm_reload(const char *name, unsigned long long sectors,
		const char *params, char *err, size_t errlen)
{
	char why[256];
	struct dm_task *dmt;
	int r = 0;

	start_call();
	dmt = dm_task_create(DM_DEVICE_RELOAD);
	if (!dmt || !dm_task_set_name(dmt, name) ||
	    !dm_task_add_target(dmt, 0, sectors, MPDM_TARGET, params) ||
	    !dm_task_run(dmt))
		r = task_error(dmt, name, "reload", err, errlen);
	if (dmt)
		dm_task_destroy(dmt);
	if (r)
		return r;	/* nothing was suspended: the old table runs */

	r = simple_task(DM_DEVICE_RESUME, name, "resume", 1, err, errlen);
	if (!r)
		return 0;
	/* Never leave it suspended: drop the new table, resume the old. */
	start_call();
	if (simple_task(DM_DEVICE_CLEAR, name, "clear", 0, why, sizeof(why)) ||
	    simple_task(DM_DEVICE_RESUME, name, "resume", 1, why, sizeof(why))) {
		size_t n = strlen(err);

		snprintf(err + n, errlen - n, "; and resuming the old table"
			 " failed too: %s", why);
		return MPDM_ERR;
	}
	{
		size_t n = strlen(err);

		snprintf(err + n, errlen - n, " (old table kept, map resumed)");
	}
	return MPDM_ERR;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append @name to *@names if map @name is an mpath2 map. */
static int add_if_ours(const char *name, char ***names, size_t *count,
		       char *err, size_t errlen)
{
	struct mpdm_map map;
	char **grown;
	int r;

	r = get_params(DM_DEVICE_TABLE, name, &map, &map.table, err, errlen);
	if (r == MPDM_NOMAP || r == MPDM_NOTOURS)
		return 0;	/* gone meanwhile, or not ours */
	if (r)
		return r;
	free(map.table);
	grown = realloc(*names, (*count + 1) * sizeof(**names));
	if (!grown) {
		snprintf(err, errlen, "out of memory");
		return MPDM_ERR;
	}
	*names = grown;
	grown[*count] = strdup(name);
	if (!grown[*count]) {
		snprintf(err, errlen, "out of memory");
		return MPDM_ERR;
	}
	(*count)++;
	return 0;
}

static const char *uuid_root = "/sys";

void mpdm_set_sysfs(const char *root)
{
	uuid_root = root;
}

int mpdm_uuid_maybe_ours(const char *uuid)
{
	return !uuid || !uuid[0] ||
	       !strncmp(uuid, MPDM_UUID_PREFIX, strlen(MPDM_UUID_PREFIX));
}

/* Map @dev's dm UUID from sysfs into @buf: 0, or -1 if not read. */
static int sysfs_uuid(uint64_t dev, char *buf, size_t len)
{
	char path[512];
	FILE *f;
	size_t n;

	if (!uuid_root)
		return -1;
	/* dm_names' dev is the kernel's new_encode_dev(): glibc's dev_t. */
	snprintf(path, sizeof(path), "%s/dev/block/%u:%u/dm/uuid", uuid_root,
		 major((dev_t)dev), minor((dev_t)dev));
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (!fgets(buf, (int)len, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	n = strcspn(buf, "\n");
	buf[n] = '\0';
	return 0;
}

int mpdm_list(char ***names, size_t *count, char *err, size_t errlen)
{
	char uuid[160];
	struct dm_names *n;
	struct dm_task *dmt;
	unsigned int next = 0;
	int r = 0;

	start_call();
	*names = NULL;
	*count = 0;
	dmt = dm_task_create(DM_DEVICE_LIST);
	if (!dmt || !dm_task_run(dmt)) {
		r = task_error(dmt, NULL, "listing maps", err, errlen);
		goto out;
	}
	n = dm_task_get_names(dmt);
	if (!n) {
		r = task_error(dmt, NULL, "listing maps", err, errlen);
		goto out;
	}
	if (!n->dev)
		goto out;	/* no maps at all */
	do {
		n = (struct dm_names *)((char *)n + next);
		/*
		 * Another UUID (LVM-, CRYPT-, multipathd's mpath-): not
		 * ours, no TABLE ioctl to it. Unknown: the table says.
		 */
		if (sysfs_uuid(n->dev, uuid, sizeof(uuid)) ||
		    mpdm_uuid_maybe_ours(uuid))
			r = add_if_ours(n->name, names, count, err, errlen);
		next = n->next;
	} while (!r && next);
	if (r) {
		mpdm_free_names(*names, *count);
		*names = NULL;
		*count = 0;
	} else if (*count) {
		qsort(*names, *count, sizeof(**names), cmp_names);
	}
out:
	if (dmt)
		dm_task_destroy(dmt);
	return r;
}

/*
 * Whether the kernel put each device's event number after its name in
 * DM_DEVICE_LIST's answer: dm ioctl 4.37 on (Linux 4.13), as read from
 * the answer's own version.
 */
static int list_has_events(struct dm_task *dmt)
{
	unsigned int major = 0, minor = 0;
	char v[32];

	return dm_task_get_driver_version(dmt, v, sizeof(v)) &&
	       sscanf(v, "%u.%u", &major, &minor) == 2 &&
	       (major > 4 || (major == 4 && minor >= MPDM_EVENT_NR_MINOR));
}

/*
 * Record @n's event number, 8-byte aligned after its name (the kernel's
 * struct dm_name_list), if it lies within the record.
 */
static int name_event_nr(const struct dm_names *n, uint32_t *event_nr)
{
	uintptr_t at = (uintptr_t)(n->name + strlen(n->name) + 1);

	at = (at + 7) & ~(uintptr_t)7;
	if (n->next && at + sizeof(*event_nr) > (uintptr_t)n + n->next)
		return 0;
	memcpy(event_nr, (const void *)at, sizeof(*event_nr));
	return 1;
}

int mpdm_list_events(struct mpdm_entry **list, size_t *count, char *err,
		     size_t errlen)
{
	struct mpdm_entry *grown, *e;
	struct dm_names *n;
	struct dm_task *dmt;
	unsigned int next = 0;
	char uuid[MPDM_UUID_LEN + 1];
	int r = 0, events;

	start_call();
	*list = NULL;
	*count = 0;
	dmt = dm_task_create(DM_DEVICE_LIST);
	if (!dmt || !dm_task_run(dmt) || !(n = dm_task_get_names(dmt))) {
		r = task_error(dmt, NULL, "listing maps", err, errlen);
		goto out;
	}
	events = list_has_events(dmt);
	if (!n->dev)
		goto out;	/* no maps at all */
	do {
		n = (struct dm_names *)((char *)n + next);
		next = n->next;
		if (sysfs_uuid(n->dev, uuid, sizeof(uuid)))
			uuid[0] = '\0';
		else if (!mpdm_uuid_maybe_ours(uuid))
			continue;	/* LVM-, CRYPT-, mpath-: not ours */
		grown = realloc(*list, (*count + 1) * sizeof(**list));
		if (!grown) {
			snprintf(err, errlen, "out of memory");
			free(*list);
			*list = NULL;
			*count = 0;
			r = MPDM_ERR;
			goto out;
		}
		*list = grown;
		e = &grown[(*count)++];
		memset(e, 0, sizeof(*e));
		snprintf(e->name, sizeof(e->name), "%s", n->name);
		snprintf(e->uuid, sizeof(e->uuid), "%s", uuid);
		e->major = major((dev_t)n->dev);
		e->minor = minor((dev_t)n->dev);
		e->has_event = events && name_event_nr(n, &e->event_nr);
	} while (next);
out:
	if (dmt)
		dm_task_destroy(dmt);
	return r;
}

void mpdm_free_names(char **names, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
}
