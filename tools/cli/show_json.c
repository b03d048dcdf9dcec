// SPDX-License-Identifier: GPL-2.0-only
/* show --json with json-c (see show_json.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "table/path_stats.h"
#include "lib/pathinfo.h"
#include "cli/show_json.h"

/* A priority member, null if the kernel gave none. */
static void add_prio(json_object *o, int prio)
{
	json_object_object_add(o, "prio", prio == PATH_STATS_NONE ? NULL :
				       json_object_new_int(prio));
}

/* A string member, null if @s is NULL or "". */
static void add_str(json_object *o, const char *key, const char *s)
{
	json_object_object_add(o, key, s && s[0] ? json_object_new_string(s) :
				       NULL);
}

static void add_int(json_object *o, const char *key, long long v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
}

/*
 * "[prefix ]<n> word...", as the tree prints it: "2 queue_mode bio",
 * "round-robin 0". NULL without memory.
 */
static char *join(const char *prefix, unsigned int n, char **words)
{
	size_t len = (prefix ? strlen(prefix) : 0) + 16;
	unsigned int i;
	char *s;

	for (i = 0; i < n; i++)
		len += strlen(words[i]) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	snprintf(s, len, "%s%s%u", prefix ? prefix : "", prefix ? " " : "", n);
	for (i = 0; i < n; i++) {
		strcat(s, " ");
		strcat(s, words[i]);
	}
	return s;
}

static void add_joined(json_object *o, const char *key, const char *prefix,
		       unsigned int n, char **words)
{
	char *s = join(prefix, n, words);

	add_str(o, key, s);
	free(s);
}

static json_object *path_json(const struct show_map *map,
			      const struct status_path *p, const char *sysfs)
{
	json_object *o = json_object_new_object(), *iscsi = NULL;
	struct pathinfo_facts f;
	char devt[32];

	pathinfo_read(sysfs, p->major, p->minor, &f);
	snprintf(devt, sizeof(devt), "%u:%u", p->major, p->minor);
	add_str(o, "hctl", f.hctl);
	add_str(o, "dev", f.dev);
	add_str(o, "devt", devt);
	add_str(o, "dm_state", p->state == 'A' ? "active" : "failed");
	add_str(o, "checker_state", show_tree_checker(map, p->major, p->minor));
	add_str(o, "device_state", f.state);
	add_int(o, "fail_count", p->fail_count);
	add_prio(o, path_stats_path(map->prios, p->major, p->minor));
	if (f.portal[0] || f.iface[0] || f.target[0]) {
		iscsi = json_object_new_object();
		add_str(iscsi, "iface", f.iface);
		add_str(iscsi, "portal", f.portal);
		add_str(iscsi, "target", f.target);
	}
	json_object_object_add(o, "iscsi", iscsi);
	return o;
}

static const char *group_status(char state)
{
	return state == 'A' ? "active" : state == 'D' ? "disabled" : "enabled";
}

static json_object *group_json(const struct show_map *map, unsigned int num,
			       const struct status_group *tg,
			       const struct status_group *ig, const char *sysfs)
{
	json_object *o = json_object_new_object(), *paths;
	unsigned int i;

	add_int(o, "number", num);
	add_joined(o, "selector", tg->selector, tg->nr_ps_args, tg->ps_args);
	add_prio(o, path_stats_group(map->prios, tg));
	add_str(o, "status", group_status(ig->state));
	paths = json_object_new_array();
	for (i = 0; i < ig->nr_paths; i++)
		json_object_array_add(paths, path_json(map, &ig->paths[i],
						       sysfs));
	json_object_object_add(o, "paths", paths);
	return o;
}

json_object *show_json_new(void)
{
	json_object *doc = json_object_new_object();

	if (!doc)
		return NULL;
	add_int(doc, "format_version", SHOW_JSON_FORMAT);
	json_object_object_add(doc, "maps", json_object_new_array());
	return doc;
}

int show_json_add(json_object *doc, const struct show_map *map,
		  const struct status_map *table, const struct status_map *info,
		  const char *sysfs, char *err, size_t errlen)
{
	json_object *o, *groups, *maps;
	struct show_head h;
	unsigned int g;

	if (show_tree_head_read(map, table, info, sysfs, &h, err, errlen))
		return -1;

	o = json_object_new_object();
	add_str(o, "name", map->name);
	add_str(o, "wwid", map->wwid);
	add_str(o, "dm_name", h.dev);
	add_int(o, "major", map->major);
	add_int(o, "minor", map->minor);
	add_str(o, "vendor", h.first.vendor);
	add_str(o, "product", h.first.product);
	add_str(o, "size", h.size);
	add_int(o, "sectors", (long long)map->sectors);
	add_joined(o, "features", NULL, table->nr_features, table->features);
	add_joined(o, "hwhandler", NULL, table->nr_hw_args, table->hw_args);
	add_str(o, "write_protect", map->read_only ? "ro" : "rw");
	add_int(o, "queue_io", info->queue_io);
	add_int(o, "pg_init_count", info->pg_init_count);
	add_int(o, "current_group", info->current_group);
	groups = json_object_new_array();
	for (g = 0; g < table->nr_groups; g++)
		json_object_array_add(groups, group_json(map, g + 1,
							 &table->groups[g],
							 &info->groups[g],
							 sysfs));
	json_object_object_add(o, "groups", groups);
	if (!json_object_object_get_ex(doc, "maps", &maps)) {
		json_object_put(o);
		snprintf(err, errlen, "not a show --json document");
		return -1;
	}
	json_object_array_add(maps, o);
	return 0;
}

void show_json_print(FILE *out, json_object *doc)
{
	fprintf(out, "%s\n", json_object_to_json_string_ext(doc,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(doc);
}
