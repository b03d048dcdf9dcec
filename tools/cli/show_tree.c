// SPDX-License-Identifier: GPL-2.0-only
/*
 * Print one map as a tree (see show_tree.h). Only writes to the FILE * it is
 * given and reads sysfs under the root it is given, so tests can check
 * its output byte for byte against a fake sysfs.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/sysfs.h"
#include "table/path_stats.h"
#include "lib/pathinfo.h"
#include "cli/show_tree.h"

/* As multipath-tools' snprint_size(): KiB and up, one decimal below 10. */
void show_tree_format_size(unsigned long long sectors, char *buf, size_t len)
{
	static const char units[] = "KMGTP";
	double s = (double)(sectors >> 1);
	const char *u = units;

	while (s >= 1024 && u[1]) {
		s /= 1024;
		u++;
	}
	snprintf(buf, len, "%.*f%c", s < 10 ? 1 : 0, s, *u);
}

/* "<n> word..." as the table has it, e.g. "2 queue_mode bio" or "0". */
static void print_list(FILE *out, unsigned int n, char **words)
{
	unsigned int i;

	fprintf(out, "%u", n);
	for (i = 0; i < n; i++)
		fprintf(out, " %s", words[i]);
}

static const char *group_state(char state)
{
	switch (state) {
	case 'A':
		return "active";
	case 'D':
		return "disabled";
	default:
		return "enabled";
	}
}

const char *show_tree_checker(const struct show_map *map, unsigned int major,
			 unsigned int minor)
{
	const char *c = map->checker ? map->checker(map->ctx, major, minor) :
			NULL;

	return c ? c : "undef";
}

static const char *or_dash(const char *s)
{
	return s[0] ? s : "-";
}

static void show_path(FILE *out, const struct show_map *map,
		      const struct status_path *path, const char *sysfs)
{
	struct pathinfo_facts f;

	pathinfo_read(sysfs, path->major, path->minor, &f);
	fprintf(out, "%s %s %u:%u %s %s %s", f.hctl[0] ? f.hctl : "#:#:#:#",
		or_dash(f.dev), path->major, path->minor,
		path->state == 'A' ? "active" : "failed",
		show_tree_checker(map, path->major, path->minor), or_dash(f.state));
	if (f.portal[0])
		fprintf(out, " %s -> %s", or_dash(f.iface), f.portal);
	fputc('\n', out);
}

static void show_group(FILE *out, const struct show_map *map,
		       const struct status_group *tg, const struct status_group *ig,
		       int last, const char *sysfs)
{
	unsigned int p;
	int prio;

	fprintf(out, "%s-+- policy='%s ", last ? "`" : "|", tg->selector);
	print_list(out, tg->nr_ps_args, tg->ps_args);
	prio = path_stats_group(map->prios, tg);
	if (prio == PATH_STATS_NONE)
		fprintf(out, "' prio=n/a");
	else
		fprintf(out, "' prio=%d", prio);
	fprintf(out, " status=%s\n", group_state(ig->state));

	for (p = 0; p < ig->nr_paths; p++) {
		fprintf(out, "%s %s- ", last ? " " : "|",
			p + 1 == ig->nr_paths ? "`" : "|");
		show_path(out, map, &ig->paths[p], sysfs);
	}
}

int show_tree_head_read(const struct show_map *map, const struct status_map *table,
		   const struct status_map *info, const char *sysfs,
		   struct show_head *h, char *err, size_t errlen)
{
	const struct status_path *first;

	if (table->kind != MP_TABLE || info->kind != MP_INFO) {
		snprintf(err, errlen, "wrong kind of string to show");
		return -1;
	}
	if (status_match(table, info, err, errlen))
		return -1;
	if (sysfs_devname(sysfs, map->major, map->minor, h->dev,
			  sizeof(h->dev)))
		snprintf(h->dev, sizeof(h->dev), "dm-%u", map->minor);
	show_tree_format_size(map->sectors, h->size, sizeof(h->size));
	memset(&h->first, 0, sizeof(h->first));
	if (info->nr_groups && info->groups[0].nr_paths) {
		first = &info->groups[0].paths[0];
		pathinfo_read(sysfs, first->major, first->minor, &h->first);
	}
	return 0;
}

int show_tree(FILE *out, const struct show_map *map, const struct status_map *table,
	      const struct status_map *info, const char *sysfs,
	      char *err, size_t errlen)
{
	struct show_head h;
	unsigned int g;

	if (show_tree_head_read(map, table, info, sysfs, &h, err, errlen))
		return -1;

	fprintf(out, "%s", map->name);
	if (map->wwid && map->wwid[0] && strcmp(map->wwid, map->name))
		fprintf(out, " (%s)", map->wwid);
	fprintf(out, " %s", h.dev);
	if (h.first.vendor[0] || h.first.product[0])
		fprintf(out, " %s,%s", h.first.vendor, h.first.product);
	fprintf(out, "\nsize=%s features='", h.size);
	print_list(out, table->nr_features, table->features);
	fprintf(out, "' hwhandler='");
	print_list(out, table->nr_hw_args, table->hw_args);
	fprintf(out, "' wp=%s\n", map->read_only ? "ro" : "rw");

	for (g = 0; g < table->nr_groups; g++)
		show_group(out, map, &table->groups[g], &info->groups[g],
			   g + 1 == table->nr_groups, sysfs);
	return 0;
}
