// SPDX-License-Identifier: GPL-2.0-only
/* The pretend kernel of fake_mon.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mpdm.h"
#include "fake_mon.h"

struct fake_mon_path fake_mon_paths[FAKE_MON_PATHS];
size_t fake_mon_nr;
const char *fake_mon_uuid;
const char *fake_mon_table;
const char *fake_mon_stats;
int fake_mon_list_fails;
char fake_mon_sent[1024];
char fake_mon_reloaded[1024];
unsigned int fake_mon_event_nr;
int fake_mon_reads;

void fake_mon_reset(void)
{
	memset(fake_mon_paths, 0, sizeof(fake_mon_paths));
	fake_mon_nr = 0;
	fake_mon_uuid = "mpath2-" FAKE_MON_WWID;
	fake_mon_table = NULL;
	fake_mon_stats = NULL;
	fake_mon_list_fails = 0;
	fake_mon_sent[0] = '\0';
	fake_mon_reloaded[0] = '\0';
	fake_mon_event_nr = 0;
	fake_mon_reads = 0;
}

void fake_mon_set(const char *paths)
{
	unsigned int a, b;
	char st;
	int n;

	fake_mon_nr = 0;
	while (fake_mon_nr < FAKE_MON_PATHS &&
	       sscanf(paths, "%u:%u%c%n", &a, &b, &st, &n) == 3) {
		fake_mon_paths[fake_mon_nr++] = (struct fake_mon_path){ a, b, st };
		paths += n;
		while (*paths == ' ')
			paths++;
	}
}

/* The model as dm prints it: its table (@status 0) or its status. */
static char *model_string(int status)
{
	char *s = malloc(1024);
	size_t i, n;

	if (!s)
		return NULL;
	n = (size_t)snprintf(s, 1024, status ? "2 0 0 0 %zu 1 " : "0 0 %zu 1 ",
			     fake_mon_nr);
	for (i = 0; i < fake_mon_nr; i++) {
		const struct fake_mon_path *p = &fake_mon_paths[i];

		if (status)
			n += (size_t)snprintf(s + n, 1024 - n,
					      "%c 0 1 0 %u:%u %c 0 ",
					      i ? 'E' : 'A', p->major, p->minor,
					      p->state);
		else
			n += (size_t)snprintf(s + n, 1024 - n,
					      "round-robin 0 1 1 %u:%u 1 ",
					      p->major, p->minor);
	}
	return s;
}

static int m_list(char ***names, size_t *count, char *err, size_t errlen)
{
	if (fake_mon_list_fails) {
		snprintf(err, errlen, "listing maps failed: Permission denied");
		return -1;
	}
	*names = calloc(1, sizeof(**names));
	(*names)[0] = strdup("lun0");
	*count = 1;
	return 0;
}

/* lun0 (253:0), its UUID and event count, as DM_DEVICE_LIST says. */
static int m_list_events(struct mpdm_entry **list, size_t *count, char *err,
			 size_t errlen)
{
	if (fake_mon_list_fails) {
		snprintf(err, errlen, "listing maps failed: Permission denied");
		return -1;
	}
	*list = calloc(1, sizeof(**list));
	if (!*list)
		return -1;
	snprintf((*list)->name, sizeof((*list)->name), "lun0");
	snprintf((*list)->uuid, sizeof((*list)->uuid), "%s", fake_mon_uuid);
	(*list)->major = 253;
	(*list)->event_nr = fake_mon_event_nr;
	(*list)->has_event = 1;
	*count = 1;
	return 0;
}

static int m_get_map(const char *name, int with_status, struct mpdm_map *map,
		     char *err, size_t errlen)
{
	fake_mon_reads++;
	memset(map, 0, sizeof(*map));
	if (strcmp(name, "lun0")) {
		snprintf(err, errlen, "%s: no such map", name);
		return MPDM_NOMAP;
	}
	snprintf(map->name, sizeof(map->name), "%s", name);
	snprintf(map->uuid, sizeof(map->uuid), "%s", fake_mon_uuid);
	map->major = 253;
	map->minor = 0;
	map->sectors = 2097152;
	if (fake_mon_table) {
		map->table = strdup(fake_mon_table);
		return 0;
	}
	map->table = model_string(0);
	map->status = with_status ? model_string(1) : NULL;
	return 0;
}

static int m_message(const char *name, const char *msg, char *err,
		     size_t errlen)
{
	unsigned int a, b;
	char word[32];
	size_t i;

	(void)err;
	(void)errlen;
	snprintf(fake_mon_sent + strlen(fake_mon_sent),
		 sizeof(fake_mon_sent) - strlen(fake_mon_sent), "%s: %s\n",
		 name, msg);
	if (sscanf(msg, "%31s %u:%u", word, &a, &b) != 3)
		return -1;
	for (i = 0; i < fake_mon_nr; i++)
		if (fake_mon_paths[i].major == a && fake_mon_paths[i].minor == b)
			fake_mon_paths[i].state =
				!strcmp(word, "fail_path") ? 'F' : 'A';
	return 0;
}

static int m_reload(const char *name, unsigned long long sectors,
		    const char *params, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	snprintf(fake_mon_reloaded, sizeof(fake_mon_reloaded),
		 "%s 0 %llu mpath2 %s", name, sectors, params);
	return 0;
}

static int m_answer(const char *name, const char *msg, char **answer,
		    char *err, size_t errlen)
{
	*answer = NULL;
	if (strcmp(name, "lun0") || strcmp(msg, "path_stats") ||
	    !fake_mon_stats) {
		snprintf(err, errlen, "%s: target refused '%s'", name, msg);
		return -1;
	}
	*answer = strdup(fake_mon_stats);
	return 0;
}

const struct monitor_dm fake_mon_dm = {
	.list = m_list, .get_map = m_get_map, .message = m_message,
	.reload = m_reload, .message_answer = m_answer,
	.list_events = m_list_events,
	/* .create NULL: makes no map, hotplug.c then only grows lun0 */
};
