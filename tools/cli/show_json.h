/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * show --json: the facts of the tree (show_tree.h) as one JSON document,
 * with an explicit format version that changes only when a field is
 * renamed, removed or changes meaning (new fields may appear):
 *
 *   { "format_version": 1,
 *     "maps": [ { "name", "wwid", "dm_name", "major", "minor", "vendor",
 *                 "product", "size", "sectors", "features", "hwhandler",
 *                 "write_protect", "queue_io", "pg_init_count",
 *                 "current_group",
 *                 "groups": [ { "number", "selector", "prio", "status",
 *                   "paths": [ { "hctl", "dev", "devt", "dm_state",
 *                     "checker_state", "device_state", "fail_count",
 *                     "prio",
 *                     "iscsi": { "iface", "portal", "target" } | null
 *                   } ] } ] } ] }
 *
 * Unknown strings are null, never "-". "prio" (a path's, from the
 * kernel's path_stats, else from sysfs as multipath -ll computes it
 * (show_prio.h); a group's, the best of its paths') is a number, or
 * null when neither tells: format 1 had a null group "prio" from the
 * start, and the path's is a new field.
 */
#ifndef MPATH2CTL_SHOW_JSON_H
#define MPATH2CTL_SHOW_JSON_H

#include <stddef.h>

#include "cli/show_tree.h"
#include "table/status.h"

#define SHOW_JSON_FORMAT	1
#define SHOW_JSON_NOMEM		(-2)	/* show_json_add(): out of memory */

struct json_object;

/* The document with no map yet; NULL without memory. */
struct json_object *show_json_new(void);

/*
 * Append one map: 0, or -1 with a reason in @err (as show_tree()), or
 * SHOW_JSON_NOMEM ("out of memory" in @err) if a json-c allocation
 * failed; @doc is then as it was before the call.
 */
int show_json_add(struct json_object *doc, const struct show_map *map,
		  const struct status_map *table, const struct status_map *info,
		  const char *sysfs, char *err, size_t errlen);

/*
 * Print @doc (indented) and a newline to @out, then free it. 0, or -1
 * with nothing printed if json-c could not allocate the text.
 */
int show_json_print(FILE *out, struct json_object *doc);

/* Free @doc unprinted (NULL: nothing). */
void show_json_free(struct json_object *doc);

#endif
