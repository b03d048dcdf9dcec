// SPDX-License-Identifier: GPL-2.0-only
/* A map's table with a path added and all grouped anew (see regroup.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/group.h"
#include "table/prio.h"
#include "lib/outbuf.h"
#include "table/regroup.h"
#include "table/remap.h"

/* How many paths @t has; -1 if its groups differ in per-path words. */
static long count_paths(const struct status_map *t)
{
	unsigned int g;
	long n = 0;

	for (g = 0; g < t->nr_groups; g++) {
		if (t->groups[g].nr_path_args != t->groups[0].nr_path_args)
			return -1;
		n += t->groups[g].nr_paths;
	}
	return n;
}

int regroup_render(const struct status_map *t, unsigned int major,
		   unsigned int minor, const unsigned int *group,
		   size_t nr_groups, char *buf, size_t len, char *err,
		   size_t errlen)
{
	struct outbuf o = { buf, len, 0, 0 };
	const struct status_group *tmpl;
	unsigned int g, p, k;
	size_t i, n, members;
	long nr;

	if (remap_can_add(t, major, minor, err, errlen))
		return -1;
	nr = count_paths(t);
	if (nr < 0) {
		snprintf(err, errlen, "its groups differ in per-path arguments");
		return -1;
	}
	n = (size_t)nr + 1;
	if (!nr_groups || nr_groups > STATUS_MAX_COUNT) {
		snprintf(err, errlen, "%zu groups", nr_groups);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (group[i] >= nr_groups) {
			snprintf(err, errlen, "path %zu: group %u of %zu", i,
				 group[i], nr_groups);
			return -1;
		}
	}
	tmpl = &t->groups[0];
	outbuf_put(&o, "%u", t->nr_features);
	outbuf_words(&o, t->nr_features, t->features);
	outbuf_put(&o, " %u", t->nr_hw_args);
	outbuf_words(&o, t->nr_hw_args, t->hw_args);
	outbuf_put(&o, " %zu 1", nr_groups);
	for (k = 0; k < nr_groups; k++) {
		for (members = 0, i = 0; i < n; i++)
			members += group[i] == k;
		if (!members || members > STATUS_MAX_COUNT) {
			snprintf(err, errlen, "group %u has %zu paths", k + 1,
				 members);
			return -1;
		}
		outbuf_put(&o, " %s %u", tmpl->selector, tmpl->nr_ps_args);
		outbuf_words(&o, tmpl->nr_ps_args, tmpl->ps_args);
		outbuf_put(&o, " %zu %u", members, tmpl->nr_path_args);
		/* The current paths, in table order, then the new one. */
		for (i = 0, g = 0; g < t->nr_groups; g++) {
			for (p = 0; p < t->groups[g].nr_paths; p++, i++) {
				const struct status_path *mp =
					&t->groups[g].paths[p];

				if (group[i] != k)
					continue;
				outbuf_put(&o, " %u:%u", mp->major, mp->minor);
				outbuf_words(&o, tmpl->nr_path_args, mp->args);
			}
		}
		if (group[i] == k) {
			outbuf_put(&o, " %u:%u", major, minor);
			outbuf_words(&o, tmpl->nr_path_args, tmpl->paths[0].args);
		}
	}
	if (o.overflow) {
		snprintf(err, errlen, "table too long");
		return -1;
	}
	return 0;
}

int regroup_add(const struct status_map *t, enum tbl_grouping grouping,
		const char *sysfs, unsigned int major, unsigned int minor,
		const char *dir, const struct path_stats_list *known, FILE *warn,
		char *buf, size_t len, char *err, size_t errlen)
{
	struct tbl_path *paths = NULL;
	const char **dirs = NULL;
	unsigned int *group = NULL, g, p;
	int *prio = NULL;
	struct tbl_opts o;
	size_t i = 0, n, nr_groups;
	long nr = t->kind == MP_TABLE ? count_paths(t) : -1;
	int r = -1;

	if (nr < 0 || !t->nr_groups)
		return regroup_render(t, major, minor, NULL, 0, buf, len, err,
				      errlen);
	n = (size_t)nr + 1;
	paths = calloc(n, sizeof(*paths));
	dirs = calloc(n, sizeof(*dirs));
	group = calloc(n, sizeof(*group));
	prio = calloc(n, sizeof(*prio));
	if (!paths || !dirs || !group || !prio) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (g = 0; g < t->nr_groups; g++)
		for (p = 0; p < t->groups[g].nr_paths; p++)
			paths[i++] = (struct tbl_path){
				t->groups[g].paths[p].major,
				t->groups[g].paths[p].minor };
	paths[i] = (struct tbl_path){ major, minor };
	dirs[i] = dir;
	/* The kernel's word for the current paths; the new one is asked. */
	for (i = 0; i < n; i++) {
		prio[i] = i + 1 < n ? path_stats_path(known, paths[i].major,
						 paths[i].minor) : PATH_STATS_NONE;
		if (prio[i] == PATH_STATS_NONE)
			prio[i] = PRIO_UNDEF;
	}
	table_default_opts(&o);
	o.grouping = grouping;
	if (group_paths_known(&o, sysfs, paths, dirs, prio, n, group, warn,
			      NULL, err, errlen))
		goto out;
	for (nr_groups = 0, i = 0; i < n; i++)
		if (group[i] + 1 > nr_groups)
			nr_groups = group[i] + 1;
	r = regroup_render(t, major, minor, group, nr_groups, buf, len, err,
			   errlen);
out:
	free(paths);
	free(dirs);
	free(group);
	free(prio);
	return r;
}
