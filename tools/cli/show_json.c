// SPDX-License-Identifier: GPL-2.0-only
/* show --json with json-c (see show_json.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "table/path_stats.h"
#include "lib/pathinfo.h"
#include "cli/show_json.h"

/*
 * Every json-c call that allocates can fail. Each helper below either
 * hands its value to the document or frees it, so that a failure leaves
 * nothing behind but the caller's own object, which it puts: 0, or -1
 * out of memory.
 */

/* @val (NULL: a null member) as @o's member @key. */
static int put(json_object *o, const char *key, json_object *val)
{
	if (!json_object_object_add(o, key, val))
		return 0;
	json_object_put(val);
	return -1;
}

/* @val, NULL if its allocation failed, at the end of array @a. */
static int push(json_object *a, json_object *val)
{
	if (!val)
		return -1;
	if (!json_object_array_add(a, val))
		return 0;
	json_object_put(val);
	return -1;
}

/* A priority member, null if the kernel gave none. */
static int add_prio(json_object *o, int prio)
{
	json_object *v = NULL;

	if (prio != PATH_STATS_NONE && !(v = json_object_new_int(prio)))
		return -1;
	return put(o, "prio", v);
}

/* A string member, null if @s is NULL or "". */
static int add_str(json_object *o, const char *key, const char *s)
{
	json_object *v = NULL;

	if (s && s[0] && !(v = json_object_new_string(s)))
		return -1;
	return put(o, key, v);
}

static int add_int(json_object *o, const char *key, long long n)
{
	json_object *v = json_object_new_int64(n);

	return v ? put(o, key, v) : -1;
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

static int add_joined(json_object *o, const char *key, const char *prefix,
		      unsigned int n, char **words)
{
	char *s = join(prefix, n, words);
	int r = s ? add_str(o, key, s) : -1;

	free(s);
	return r;
}

/* The iSCSI facts of a path, or a null member if it has none. */
static int add_iscsi(json_object *o, const struct pathinfo_facts *f)
{
	json_object *iscsi;

	if (!f->portal[0] && !f->iface[0] && !f->target[0])
		return put(o, "iscsi", NULL);
	iscsi = json_object_new_object();
	if (!iscsi)
		return -1;
	if (add_str(iscsi, "iface", f->iface) ||
	    add_str(iscsi, "portal", f->portal) ||
	    add_str(iscsi, "target", f->target)) {
		json_object_put(iscsi);
		return -1;
	}
	return put(o, "iscsi", iscsi);
}

/* NULL out of memory. */
static json_object *path_json(const struct show_map *map,
			      const struct status_path *p, const char *sysfs)
{
	json_object *o = json_object_new_object();
	struct pathinfo_facts f;
	char devt[32];

	if (!o)
		return NULL;
	pathinfo_read(sysfs, p->major, p->minor, &f);
	snprintf(devt, sizeof(devt), "%u:%u", p->major, p->minor);
	if (add_str(o, "hctl", f.hctl) || add_str(o, "dev", f.dev) ||
	    add_str(o, "devt", devt) ||
	    add_str(o, "dm_state", p->state == 'A' ? "active" : "failed") ||
	    add_str(o, "checker_state",
		    show_tree_checker(map, p->major, p->minor)) ||
	    add_str(o, "device_state", f.state) ||
	    add_int(o, "fail_count", p->fail_count) ||
	    add_prio(o, path_stats_path(map->prios, p->major, p->minor)) ||
	    add_iscsi(o, &f)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static const char *group_status(char state)
{
	return state == 'A' ? "active" : state == 'D' ? "disabled" : "enabled";
}

/* NULL out of memory. */
static json_object *group_json(const struct show_map *map, unsigned int num,
			       const struct status_group *tg,
			       const struct status_group *ig, const char *sysfs)
{
	json_object *o = json_object_new_object(), *paths;
	unsigned int i;

	if (!o)
		return NULL;
	if (add_int(o, "number", num) ||
	    add_joined(o, "selector", tg->selector, tg->nr_ps_args,
		       tg->ps_args) ||
	    add_prio(o, path_stats_group(map->prios, tg)) ||
	    add_str(o, "status", group_status(ig->state)))
		goto fail;
	paths = json_object_new_array();
	if (!paths || put(o, "paths", paths))
		goto fail;
	/* @paths is @o's now: filled in place. */
	for (i = 0; i < ig->nr_paths; i++)
		if (push(paths, path_json(map, &ig->paths[i], sysfs)))
			goto fail;
	return o;
fail:
	json_object_put(o);
	return NULL;
}

json_object *show_json_new(void)
{
	json_object *doc = json_object_new_object(), *maps;

	if (!doc)
		return NULL;
	if (add_int(doc, "format_version", SHOW_JSON_FORMAT))
		goto fail;
	maps = json_object_new_array();
	if (!maps || put(doc, "maps", maps))
		goto fail;
	return doc;
fail:
	json_object_put(doc);
	return NULL;
}

/* The map's own members, before its groups. */
static int add_head(json_object *o, const struct show_map *map,
		    const struct status_map *table,
		    const struct status_map *info, const struct show_head *h)
{
	return add_str(o, "name", map->name) ||
	       add_str(o, "wwid", map->wwid) ||
	       add_str(o, "dm_name", h->dev) ||
	       add_int(o, "major", map->major) ||
	       add_int(o, "minor", map->minor) ||
	       add_str(o, "vendor", h->first.vendor) ||
	       add_str(o, "product", h->first.product) ||
	       add_str(o, "size", h->size) ||
	       add_int(o, "sectors", (long long)map->sectors) ||
	       add_joined(o, "features", NULL, table->nr_features,
			  table->features) ||
	       add_joined(o, "hwhandler", NULL, table->nr_hw_args,
			  table->hw_args) ||
	       add_str(o, "write_protect", map->read_only ? "ro" : "rw") ||
	       add_int(o, "queue_io", info->queue_io) ||
	       add_int(o, "pg_init_count", info->pg_init_count) ||
	       add_int(o, "current_group", info->current_group) ? -1 : 0;
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
	if (!json_object_object_get_ex(doc, "maps", &maps)) {
		snprintf(err, errlen, "not a show --json document");
		return -1;
	}
	o = json_object_new_object();
	if (!o || add_head(o, map, table, info, &h))
		goto fail;
	groups = json_object_new_array();
	if (!groups || put(o, "groups", groups))
		goto fail;
	for (g = 0; g < table->nr_groups; g++)
		if (push(groups, group_json(map, g + 1, &table->groups[g],
					    &info->groups[g], sysfs)))
			goto fail;
	if (!push(maps, o))
		return 0;
	o = NULL;		/* push() has put it */
fail:
	json_object_put(o);
	snprintf(err, errlen, "out of memory");
	return SHOW_JSON_NOMEM;
}

int show_json_print(FILE *out, json_object *doc)
{
	const char *text = json_object_to_json_string_ext(doc,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			JSON_C_TO_STRING_NOSLASHESCAPE);

	if (text)
		fprintf(out, "%s\n", text);
	json_object_put(doc);
	return text ? 0 : -1;
}

void show_json_free(json_object *doc)
{
	json_object_put(doc);
}
