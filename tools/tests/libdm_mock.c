// SPDX-License-Identifier: GPL-2.0-only
/*
 * The mock of libdm_mock.h. It behaves as libdevmapper 1.02 does where
 * dm.c depends on it: a TABLE task on a missing map fails with ENXIO and
 * logs an error, a STATUS task on one succeeds with exists = 0, failures
 * are logged at level 3 (_LOG_ERR) through the registered log function.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libdevmapper.h>

#include "libdm_mock.h"

const struct mock_map *mock_maps;
int mock_list_errno;
int mock_tasks;
char mock_sent[512];

static dm_log_with_errno_fn log_fn;

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
};

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

/* DM_DEVICE_LIST's answer: struct dm_names records, 8-byte aligned. */
static int list_maps(struct dm_task *dmt)
{
	const struct mock_map *m;
	size_t off = 0, size = 16;
	struct dm_names *n = NULL;

	if (mock_list_errno)
		return fail_run(dmt, mock_list_errno, "list");
	for (m = mock_maps; m && m->name; m++)
		size += (sizeof(*n) + strlen(m->name) + 1 + 7) & ~7UL;
	dmt->names = calloc(1, size);
	if (!dmt->names)
		return fail_run(dmt, ENOMEM, "list");
	for (m = mock_maps; m && m->name; m++) {
		n = (struct dm_names *)(dmt->names + off);
		n->dev = (253ULL << 20) | m->minor;	/* never 0: one exists */
		strcpy(n->name, m->name);
		n->next = (sizeof(*n) + strlen(m->name) + 1 + 7) & ~7U;
		off += n->next;
	}
	if (n)
		n->next = 0;
	return 1;
}

int dm_task_run(struct dm_task *dmt)
{
	const struct mock_map *m;
	int i;

	if (dmt->type == DM_DEVICE_LIST)
		return list_maps(dmt);
	m = find(dmt->name);
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
	if (!dmt->map)
		return 1;
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
