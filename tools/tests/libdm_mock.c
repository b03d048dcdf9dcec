// SPDX-License-Identifier: GPL-2.0-only
/*
 * The mock of libdm_mock.h. It behaves as libdevmapper 1.02 does where
 * mpdm.c depends on it: a TABLE task on a missing map fails with ENXIO and
 * logs an error, a STATUS task on one succeeds with exists = 0, failures
 * are logged at level 3 (_LOG_ERR) through the registered log function.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include <libdevmapper.h>

#include "libdm_mock.h"

const struct mock_map *mock_maps;
int mock_list_errno;
int mock_tasks;
char mock_sent[512];
int mock_create_errno;
int mock_create_leaves_map;
int mock_remove_errno;
char mock_created[1024];
char mock_removed[256];
int mock_cookies_set;
int mock_cookies_waited;
int mock_udev_disabled;
int mock_udev_stuck;
int mock_blocked_waits;
int mock_cookies_released;
int mock_cookie_errors;
uint16_t mock_cookie_flags;
unsigned int mock_event_nr[MOCK_MINORS];
const char *mock_driver_version;
int mock_runs[32];
int mock_reload_errno;
int mock_resume_errno;
int mock_suspended;
int mock_inactive;
char mock_reloaded[1024];
char mock_steps[256];

static char leftover[128];	/* the empty map a failed CREATE left */
static uint32_t next_cookie = 0x0d4d0001;

/* udev's view of the cookies handed out: index = cookie - first. */
#define COOKIES_MAX	1024
static struct {
	int completed, destroyed;
} cookies[COOKIES_MAX];

static dm_log_with_errno_fn log_fn;

void libdm_mock_reset(void)
{
	mock_maps = NULL;
	mock_list_errno = 0;
	mock_tasks = 0;
	mock_sent[0] = '\0';
	mock_create_errno = 0;
	mock_create_leaves_map = 0;
	mock_remove_errno = 0;
	mock_created[0] = '\0';
	mock_removed[0] = '\0';
	mock_cookies_set = 0;
	mock_cookies_waited = 0;
	mock_udev_disabled = 0;
	mock_udev_stuck = 0;
	mock_blocked_waits = 0;
	mock_cookies_released = 0;
	mock_cookie_errors = 0;
	mock_cookie_flags = 0;
	memset(mock_event_nr, 0, sizeof(mock_event_nr));
	mock_driver_version = "4.47.0";
	memset(mock_runs, 0, sizeof(mock_runs));
	memset(cookies, 0, sizeof(cookies));
	mock_reload_errno = 0;
	mock_resume_errno = 0;
	mock_suspended = 0;
	mock_inactive = 0;
	mock_reloaded[0] = '\0';
	mock_steps[0] = '\0';
	leftover[0] = '\0';
	next_cookie = 0x0d4d0001;
	/* log_fn stays: mpdm.c registers it once per process. */
}

struct dm_task {
	int type;
	char name[128];
	uint64_t sector;
	char message[256];
	int err;			/* errno of a failed run */
	const struct mock_map *map;	/* after a successful run */
	char *names;			/* DM_DEVICE_LIST's result */
	struct target {
		const char *type, *params;
	} targets[2];
	int nr_targets;
	char uuid[130];
	char new_target[512];		/* CREATE's "<start> <len> <type> <params>" */
	int cookie_set;
	int exists_empty;		/* INFO: the map exists with no table */
	const char *response;		/* TARGET_MSG's answer */
	int no_flush;
};

static void step(const char *what)
{
	if (strlen(mock_steps) + strlen(what) + 2 > sizeof(mock_steps))
		return;		/* a long run: the first steps are kept */
	strncat(mock_steps, what, sizeof(mock_steps) - strlen(mock_steps) - 2);
	strcat(mock_steps, " ");
}

/* RELOAD, RESUME, CLEAR on an existing map @m. */
static int reload_steps(struct dm_task *dmt, const struct mock_map *m);

void dm_log_with_errno_init(dm_log_with_errno_fn fn)
{
	log_fn = fn;
}

struct dm_task *dm_task_create(int type)
{
	struct dm_task *dmt = calloc(1, sizeof(*dmt));

	if (dmt) {
		dmt->type = type;
		mock_tasks++;
	}
	return dmt;
}

void dm_task_destroy(struct dm_task *dmt)
{
	free(dmt->names);
	free(dmt);
	mock_tasks--;
}

int dm_task_set_name(struct dm_task *dmt, const char *name)
{
	snprintf(dmt->name, sizeof(dmt->name), "%s", name);
	return 1;
}

int dm_task_set_sector(struct dm_task *dmt, uint64_t sector)
{
	dmt->sector = sector;
	return 1;
}

int dm_task_set_message(struct dm_task *dmt, const char *message)
{
	snprintf(dmt->message, sizeof(dmt->message), "%s", message);
	return 1;
}

int dm_task_set_uuid(struct dm_task *dmt, const char *uuid)
{
	snprintf(dmt->uuid, sizeof(dmt->uuid), "%s", uuid);
	return 1;
}

int dm_task_add_target(struct dm_task *dmt, uint64_t start, uint64_t size,
		       const char *ttype, const char *params)
{
	snprintf(dmt->new_target, sizeof(dmt->new_target), "%llu %llu %s %s",
		 (unsigned long long)start, (unsigned long long)size, ttype,
		 params);
	return 1;
}

int dm_task_no_flush(struct dm_task *dmt)
{
	dmt->no_flush = 1;
	return 1;
}

const char *dm_task_get_uuid(const struct dm_task *dmt)
{
	return dmt->map ? dmt->map->uuid : NULL;
}

/* The record of @cookie, or NULL (counted as an error) if not ours. */
static int *cookie_rec(uint32_t cookie, int field)
{
	uint32_t i = cookie - 0x0d4d0001;

	if (!cookie || i >= next_cookie - 0x0d4d0001 || i >= COOKIES_MAX) {
		mock_cookie_errors++;
		return NULL;
	}
	return field ? &cookies[i].destroyed : &cookies[i].completed;
}

int dm_task_set_cookie(struct dm_task *dmt, uint32_t *cookie, uint16_t flags)
{
	mock_cookie_flags = flags;
	*cookie = mock_udev_disabled ? 0 : next_cookie++;
	/* udevd does its work while the task runs, unless stuck. */
	if (*cookie && !mock_udev_stuck)
		*cookie_rec(*cookie, 0) = 1;
	dmt->cookie_set = 1;
	mock_cookies_set++;
	return 1;
}

int dm_udev_get_sync_support(void)
{
	return !mock_udev_disabled;
}

void mock_udev_catch_up(void)
{
	uint32_t i;

	for (i = 0; i < next_cookie - 0x0d4d0001 && i < COOKIES_MAX; i++)
		cookies[i].completed = 1;
}

int mock_cookies_live(void)
{
	uint32_t i;
	int n = 0;

	for (i = 0; i < next_cookie - 0x0d4d0001 && i < COOKIES_MAX; i++)
		n += !cookies[i].destroyed;
	return n;
}

/* The semaphore goes: once, never again. */
static int destroy(uint32_t cookie)
{
	int *d = cookie_rec(cookie, 1);

	if (!d)
		return 0;
	if (*d) {
		mock_cookie_errors++;	/* libdm: semget fails, logged */
		return 0;
	}
	*d = 1;
	return 1;
}

/* Each cookie handed out must be waited on once; 0 too (node updates). */
int dm_udev_wait(uint32_t cookie)
{
	int *c;

	mock_cookies_waited++;
	if (!cookie)
		return 1;
	c = cookie_rec(cookie, 0);
	if (c && !*c)
		mock_blocked_waits++;	/* here the caller would hang */
	return destroy(cookie);
}

int dm_udev_wait_immediate(uint32_t cookie, int *ready)
{
	int *c, *d;

	*ready = 1;
	if (!cookie)
		return 1;
	c = cookie_rec(cookie, 0);
	if (!c)
		return 0;
	d = cookie_rec(cookie, 1);
	if (*d) {
		mock_cookie_errors++;	/* libdm: semget fails, logged */
		return 0;
	}
	if (!*c) {
		*ready = 0;
		return 1;
	}
	mock_cookies_released++;
	return destroy(cookie);
}

int dm_udev_complete(uint32_t cookie)
{
	int *c = cookie_rec(cookie, 0);

	if (!c || *cookie_rec(cookie, 1))
		return 0;
	*c = 1;
	return 1;
}

const char *dm_task_get_message_response(struct dm_task *dmt)
{
	return dmt->response;
}

static const struct mock_map *find(const char *name)
{
	const struct mock_map *m;

	for (m = mock_maps; m && m->name; m++)
		if (!strcmp(m->name, name))
			return m;
	return NULL;
}

/* A failed ioctl, logged the way libdevmapper logs it. */
static int fail_run(struct dm_task *dmt, int err, const char *what)
{
	dmt->err = err;
	if (log_fn) {
		log_fn(7, __FILE__, __LINE__, 0, "debug noise before the error");
		log_fn(3 | 0x80, __FILE__, __LINE__, -1,
		       "device-mapper: %s ioctl on %s  failed: %s", what,
		       dmt->name, strerror(err));
		log_fn(3, __FILE__, __LINE__, -1, "a later, vaguer error");
	}
	return 0;
}

/* A record's length: name, then 8-aligned event_nr and flags. */
static size_t record_len(const char *name)
{
	return ((offsetof(struct dm_names, name) + strlen(name) + 1 + 7) &
		~7UL) + 2 * sizeof(uint32_t);
}

/* DM_DEVICE_LIST's answer: struct dm_names records, 8-byte aligned. */
static int list_maps(struct dm_task *dmt)
{
	const struct mock_map *m;
	size_t off = 0, size = 16;
	struct dm_names *n = NULL;
	uint32_t *ev;

	if (mock_list_errno)
		return fail_run(dmt, mock_list_errno, "list");
	for (m = mock_maps; m && m->name; m++)
		size += record_len(m->name);
	dmt->names = calloc(1, size);
	if (!dmt->names)
		return fail_run(dmt, ENOMEM, "list");
	for (m = mock_maps; m && m->name; m++) {
		n = (struct dm_names *)(dmt->names + off);
		n->dev = makedev(253, m->minor);	/* never 0: one exists */
		strcpy(n->name, m->name);
		n->next = (uint32_t)record_len(m->name);
		ev = (uint32_t *)((char *)n + n->next - 2 * sizeof(uint32_t));
		ev[0] = m->minor < MOCK_MINORS ? mock_event_nr[m->minor] : 0;
		off += n->next;
	}
	if (n)
		n->next = 0;
	return 1;
}

int dm_task_get_driver_version(struct dm_task *dmt, char *version, size_t size)
{
	(void)dmt;
	snprintf(version, size, "%s", mock_driver_version);
	return 1;
}

int dm_task_run(struct dm_task *dmt)
{
	const struct mock_map *m;
	int i;

	if (dmt->type >= 0 && dmt->type < 32)
		mock_runs[dmt->type]++;
	if (dmt->type == DM_DEVICE_LIST)
		return list_maps(dmt);
	m = find(dmt->name);
	if (dmt->type == DM_DEVICE_CREATE) {
		if (!dmt->cookie_set)
			return fail_run(dmt, EINVAL, "create (no cookie)");
		if (m || (leftover[0] && !strcmp(leftover, dmt->name)))
			return fail_run(dmt, EBUSY, "create");
		snprintf(mock_created, sizeof(mock_created), "%s %s %s",
			 dmt->name, dmt->uuid, dmt->new_target);
		if (mock_create_errno) {
			if (mock_create_leaves_map)
				snprintf(leftover, sizeof(leftover), "%s",
					 dmt->name);
			return fail_run(dmt, mock_create_errno, "reload");
		}
		return 1;
	}
	if (dmt->type == DM_DEVICE_REMOVE) {
		if (!dmt->cookie_set)
			return fail_run(dmt, EINVAL, "remove (no cookie)");
		if (mock_remove_errno)
			return fail_run(dmt, mock_remove_errno, "remove");
		if (!m && strcmp(leftover, dmt->name))
			return fail_run(dmt, ENXIO, "remove");
		if (!m)
			leftover[0] = '\0';
		strncat(mock_removed, dmt->name,
			sizeof(mock_removed) - strlen(mock_removed) - 2);
		strcat(mock_removed, " ");
		return 1;
	}
	if (dmt->type == DM_DEVICE_RELOAD || dmt->type == DM_DEVICE_RESUME ||
	    dmt->type == DM_DEVICE_CLEAR)
		return reload_steps(dmt, m);
	if (dmt->type == DM_DEVICE_INFO) {
		/* libdm: a missing map is exists = 0, not a failure. */
		dmt->map = m;
		dmt->exists_empty = !m && leftover[0] &&
				    !strcmp(leftover, dmt->name);
		return 1;
	}
	if (m && m->run_errno)
		return fail_run(dmt, m->run_errno, "table");
	if (dmt->type == DM_DEVICE_STATUS && (!m || m->gone_on_status))
		return 1;	/* libdm: exists = 0, not a failure */
	if (!m)
		return fail_run(dmt, ENXIO, "table");
	if (dmt->type == DM_DEVICE_TARGET_MSG) {
		snprintf(mock_sent, sizeof(mock_sent), "%s %llu %s", m->name,
			 (unsigned long long)dmt->sector, dmt->message);
		if (!strcmp(m->name, "busy"))
			return fail_run(dmt, EBUSY, "message");
		if (!strcmp(m->name, "refuser"))
			return fail_run(dmt, EINVAL, "message");
		if (!strcmp(dmt->message, "path_stats"))
			dmt->response = "8:16 group=1 state=active fail_count=0"
					" errors=0 ios=7 in_flight=0";
		return 1;
	}
	dmt->map = m;
	for (i = 0; i < 2 && m->types[i]; i++) {
		dmt->targets[i].type = m->types[i];
		dmt->targets[i].params = dmt->type == DM_DEVICE_TABLE ?
					 m->table : m->status;
	}
	dmt->nr_targets = i;
	return 1;
}

int dm_task_get_errno(struct dm_task *dmt)
{
	return dmt->err;
}

int dm_task_get_info(struct dm_task *dmt, struct dm_info *info)
{
	memset(info, 0, sizeof(*info));
	if (dmt->exists_empty) {
		info->exists = 1;
		return 1;
	}
	if (!dmt->map)
		return 1;
	info->live_table = dmt->map->types[0] != NULL;
	info->exists = 1;
	info->major = 253;
	info->minor = dmt->map->minor;
	info->read_only = dmt->map->read_only;
	info->target_count = dmt->nr_targets;
	return 1;
}

void *dm_get_next_target(struct dm_task *dmt, void *next, uint64_t *start,
			 uint64_t *length, char **target_type, char **params)
{
	struct target *t = next ? next : dmt->targets;

	if (t - dmt->targets >= dmt->nr_targets) {
		*start = *length = 0;
		*target_type = *params = NULL;
		return NULL;
	}
	*start = 0;
	*length = 2097152;
	*target_type = (char *)t->type;
	*params = (char *)t->params;
	return t + 1 - dmt->targets < dmt->nr_targets ? t + 1 : NULL;
}

struct dm_names *dm_task_get_names(struct dm_task *dmt)
{
	static struct dm_names none;	/* dev == 0: no maps */

	return dmt->names ? (struct dm_names *)dmt->names : &none;
}

static int reload_steps(struct dm_task *dmt, const struct mock_map *m)
{
	if (!m)
		return fail_run(dmt, ENXIO, "reload");
	switch (dmt->type) {
	case DM_DEVICE_RELOAD:
		step("reload");
		snprintf(mock_reloaded, sizeof(mock_reloaded), "%s %s",
			 dmt->name, dmt->new_target);
		if (mock_reload_errno)
			return fail_run(dmt, mock_reload_errno, "reload");
		mock_inactive = 1;
		return 1;
	case DM_DEVICE_RESUME:
		step(dmt->no_flush ? "resume-noflush" : "resume");
		if (!dmt->cookie_set)
			return fail_run(dmt, EINVAL, "resume (no cookie)");
		if (mock_inactive)
			mock_suspended = 1;	/* the swap suspends first */
		if (mock_resume_errno) {
			mock_inactive = 0;	/* the kernel drops it */
			mock_resume_errno = 0;	/* only the first fails */
			return fail_run(dmt, EINVAL, "resume");
		}
		mock_inactive = 0;
		mock_suspended = 0;
		return 1;
	default:
		step("clear");
		mock_inactive = 0;
		return 1;
	}
}
