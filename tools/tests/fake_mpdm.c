// SPDX-License-Identifier: GPL-2.0-only
/*
 * In-memory stand-in for mpdm.c (see fake_mpdm.h). Its maps:
 *   mpatha   mpath2, 2 groups (8:16, 8:32), 253:3
 *   mpathb   mpath2, 1 group (8:16, 8:32), read-only, 253:7
 *   linear0  a linear map
 *   dmfail   reading it fails in libdevmapper
 *   refuser  mpath2, but its target refuses every message
 *   broken   mpath2 with a garbage table, listed if fake_dm_broken
 *   alua0    mpath2 with the alua handler, 2 groups (8:16; 8:32, 8:128):
 *            path_stats gives prio 50 to 8:16, 10 to 8:32, none to 8:128
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mpdm.h"
#include "fake_mpdm.h"
#include "unit.h"

int fake_dm_calls;
char fake_dm_sent[256];
int fake_dm_broken;

void fake_dm_reset(void)
{
	fake_dm_calls = 0;
	fake_dm_sent[0] = '\0';
	fake_dm_broken = 0;
}

struct fake_map {
	const char *name, *target, *table, *status;
	unsigned int minor;
	unsigned long long sectors;
	int read_only;
	const char *uuid;	/* NULL: none */
};

static const struct fake_map maps[] = {
	{ "mpatha", "mpath2",
	  "2 queue_mode bio 0 2 2 round-robin 0 1 1 8:16 1 round-robin 0 1 1 8:32 1 ",
	  "2 0 0 0 2 2 E 0 1 0 8:16 F 1 A 0 1 0 8:32 A 0 ", 3, 2097152, 0, NULL },
	{ "mpathb", "mpath2",
	  "2 queue_mode bio 0 1 1 round-robin 0 2 1 8:16 1 8:32 1 ",
	  "2 0 0 0 1 1 A 0 2 0 8:16 A 0 8:32 F 1 ", 7, 209715200, 1, NULL },
	{ "linear0", "linear", "8:16 0", "", 1, 1024, 0, NULL },
	{ "dmfail", NULL, NULL, NULL, 0, 0, 0, NULL },
	{ "refuser", "mpath2",
	  "0 0 1 1 round-robin 0 1 1 8:16 1 ",
	  "2 0 0 0 1 1 A 0 1 0 8:16 A 0 ", 9, 2097152, 0, NULL },
	{ "broken", "mpath2", "2 queue_mode", "2 0", 11, 2048, 0, NULL },
	{ "alua0", "mpath2",
	  "0 1 alua 2 1 round-robin 0 1 1 8:16 1 round-robin 0 2 1 8:32 1 8:128 1 ",
	  "2 0 0 0 2 1 A 0 1 0 8:16 A 0 E 0 2 0 8:32 A 0 8:128 A 0 ", 15,
	  2097152, 0, NULL },
	/* discover's LUN C (test_discover.c) with one of its two paths. */
	{ "lunc", "mpath2", "2 queue_mode bio 0 1 1 round-robin 0 1 1 65:160 1 ",
	  "2 0 0 0 1 1 A 0 1 0 65:160 A 0 ", 13, 2048, 0,
	  "mpath2-3500a098000001234" },
};

#define NR_MAPS ARRAY_SIZE(maps)

/* What mpath2 answers with the alua handler: prio after the counters. */
#define ALUA0_STATS							\
	"8:16 group=1 state=active fail_count=0 errors=0 ios=5 in_flight=0"	\
	" latency_us=0.412 alua=active/optimized prio=50 tpg=1"		\
	" alua_mode=mpath2\n"						\
	"8:32 group=2 state=active fail_count=0 errors=0 ios=0 in_flight=0"	\
	" latency_us=0.000 alua=active/non-optimized prio=10 tpg=2"	\
	" alua_mode=mpath2\n"						\
	"8:128 group=2 state=active fail_count=0 errors=0 ios=0"	\
	" in_flight=0 latency_us=0.000 alua=none\n"

static const struct fake_map *find(const char *name)
{
	size_t i;

	for (i = 0; i < NR_MAPS; i++)
		if (!strcmp(maps[i].name, name))
			return &maps[i];
	return NULL;
}

int mpdm_get_map(const char *name, int with_status, struct mpdm_map *map,
		 char *err, size_t errlen)
{
	const struct fake_map *f = find(name);

	fake_dm_calls++;
	memset(map, 0, sizeof(*map));
	if (!f) {
		snprintf(err, errlen, "%s: no such map", name);
		return MPDM_NOMAP;
	}
	if (!f->target) {
		snprintf(err, errlen, "device-mapper: table ioctl on %s failed: "
			 "Permission denied", name);
		return MPDM_ERR;
	}
	if (strcmp(f->target, MPDM_TARGET)) {
		snprintf(err, errlen, "%s: not an mpath2 map (%s)", name,
			 f->target);
		return MPDM_NOTOURS;
	}
	snprintf(map->name, sizeof(map->name), "%s", name);
	map->major = 253;
	map->minor = f->minor;
	map->sectors = f->sectors;
	map->read_only = f->read_only;
	snprintf(map->uuid, sizeof(map->uuid), "%s", f->uuid ? f->uuid : "");
	map->table = strdup(f->table);
	map->status = with_status ? strdup(f->status) : NULL;
	return 0;
}

void mpdm_free_map(struct mpdm_map *map)
{
	free(map->table);
	free(map->status);
	map->table = NULL;
	map->status = NULL;
}

int mpdm_message(const char *name, const char *msg, char *err, size_t errlen)
{
	fake_dm_calls++;
	snprintf(fake_dm_sent, sizeof(fake_dm_sent), "%s: %s", name, msg);
	if (!find(name) || !strcmp(name, "refuser")) {
		snprintf(err, errlen, "%s: target refused '%s' (Invalid argument;"
			 " see dmesg)", name, msg);
		return MPDM_ERR;
	}
	return 0;
}

int mpdm_message_answer(const char *name, const char *msg, char **answer,
			char *err, size_t errlen)
{
	int r = mpdm_message(name, msg, err, errlen);

	*answer = NULL;
	if (r)
		return r;
	if (!strcmp(name, "alua0") && !strcmp(msg, "path_stats")) {
		*answer = strdup(ALUA0_STATS);
		return 0;
	}
	*answer = strdup(!strcmp(msg, "path_stats") ?
			 "8:16 group=1 state=failed fail_count=1 errors=2 ios=10"
			 " in_flight=0\n8:32 group=2 state=active fail_count=0"
			 " errors=0 ios=99 in_flight=1" : "");
	return 0;
}

/* Maps that exist refuse; "dmrefuses" fails as a refused table would. */
int mpdm_create(const char *name, const char *uuid, unsigned long long sectors,
		const char *params, char *err, size_t errlen)
{
	fake_dm_calls++;
	snprintf(fake_dm_sent, sizeof(fake_dm_sent), "%s: create %s 0 %llu %s",
		 name, uuid, sectors, params);
	if (find(name)) {
		snprintf(err, errlen, "%s: a map by that name exists", name);
		return MPDM_EXISTS;
	}
	if (!strcmp(name, "dmrefuses")) {
		snprintf(err, errlen, "device-mapper: reload ioctl on dmrefuses "
			 " failed: Invalid argument (empty map removed)");
		return MPDM_ERR;
	}
	return 0;
}

/* Only mpath2 maps reload; "refuser" refuses its new table. */
int mpdm_reload(const char *name, unsigned long long sectors,
		const char *params, char *err, size_t errlen)
{
	const struct fake_map *f = find(name);

	fake_dm_calls++;
	snprintf(fake_dm_sent, sizeof(fake_dm_sent), "%s: reload 0 %llu %s",
		 name, sectors, params);
	if (!f || !f->target || strcmp(f->target, MPDM_TARGET)) {
		snprintf(err, errlen, "%s: no such map", name);
		return MPDM_NOMAP;
	}
	if (!strcmp(name, "refuser")) {
		snprintf(err, errlen, "device-mapper: reload ioctl on refuser "
			 " failed: Invalid argument");
		return MPDM_ERR;
	}
	return 0;
}

int mpdm_remove(const char *name, char *err, size_t errlen)
{
	fake_dm_calls++;
	snprintf(fake_dm_sent, sizeof(fake_dm_sent), "%s: remove", name);
	if (!strcmp(name, "refuser")) {
		snprintf(err, errlen, "%s: map is in use (open or mounted)", name);
		return MPDM_ERR;
	}
	return 0;
}

/* Sorted, as mpdm.c sorts them. */
int mpdm_list(char ***names, size_t *count, char *err, size_t errlen)
{
	static const char *const ours[] = { "broken", "mpatha", "mpathb" };
	size_t i;

	(void)err;
	(void)errlen;
	fake_dm_calls++;
	*names = calloc(3, sizeof(**names));
	*count = 0;
	for (i = 0; i < 3; i++)
		if (fake_dm_broken || strcmp(ours[i], "broken"))
			(*names)[(*count)++] = strdup(ours[i]);
	return 0;
}

void mpdm_free_names(char **names, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

/* udev cookies: the fake's tasks hand out none, so none is ever pending. */
void mpdm_udev_defer(int on)
{
	(void)on;
}

size_t mpdm_udev_poll(void)
{
	return 0;
}

size_t mpdm_udev_pending(void)
{
	return 0;
}

unsigned long mpdm_udev_forced(void)
{
	return 0;
}

size_t mpdm_udev_drain(int wait_ms)
{
	(void)wait_ms;
	return 0;
}

/* Every map of the list above, no event numbers (an old kernel). */
int mpdm_list_events(struct mpdm_entry **list, size_t *count, char *err,
		     size_t errlen)
{
	char **names;
	size_t i, n;

	if (mpdm_list(&names, &n, err, errlen))
		return MPDM_ERR;
	*list = calloc(n ? n : 1, sizeof(**list));
	*count = 0;
	for (i = 0; *list && i < n; i++)
		snprintf((*list)[(*count)++].name, MPDM_NAME_LEN, "%s", names[i]);
	mpdm_free_names(names, n);
	return *list ? 0 : MPDM_ERR;
}
