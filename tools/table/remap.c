// SPDX-License-Identifier: GPL-2.0-only
/* A map's table with a path added or removed (see remap.h). */
#include <stdio.h>
#include <string.h>

#include "lib/outbuf.h"
#include "table/remap.h"
#include "table/table.h"

static void put_path(struct outbuf *o, unsigned int major, unsigned int minor,
		     unsigned int nargs, char **args)
{
	outbuf_put(o, " %u:%u", major, minor);
	outbuf_words(o, nargs, args);
}

/* What to do while rendering: nothing, add a path, drop a path. */
struct edit {
	int add;		/* 1: add, 0: remove */
	unsigned int major, minor;
	unsigned int group;	/* add: to this group (0-based), or a new one */
	int new_group;
};

static int path_is(const struct status_path *p, const struct edit *e)
{
	return p->major == e->major && p->minor == e->minor;
}

/* Paths of @g left after @e. */
static unsigned int kept(const struct status_group *g, const struct edit *e)
{
	unsigned int i, n = g->nr_paths;

	for (i = 0; i < g->nr_paths && !e->add; i++)
		n -= path_is(&g->paths[i], e);
	return n;
}

/*
 * io-affinity's per-path cpumask cannot be copied from another path (the
 * selector refuses a path with no CPU of its own): the group's masks are
 * spread again over its paths as they will be (table_ioa_mask()).
 */
static int is_ioa(const struct status_group *g)
{
	return !strcmp(g->selector, "io-affinity") && g->nr_path_args == 1;
}

/* Path @k of @n of an io-affinity group, its mask as the only argument. */
static void put_ioa_path(struct outbuf *o, unsigned int major,
			 unsigned int minor, unsigned int k, unsigned int n)
{
	struct tbl_opts t = { 0 };
	char mask[TABLE_MASK_LEN], *args[1] = { mask };

	if (table_ioa_mask(k, n, table_nr_cpus(&t), mask, sizeof(mask)))
		o->overflow = 1;	/* render() checked the count */
	put_path(o, major, minor, 1, args);
}

static void put_group(struct outbuf *o, const struct status_group *g,
		      unsigned int idx, const struct edit *e)
{
	unsigned int i, k = 0, n = kept(g, e);
	int adding = e->add && !e->new_group && idx == e->group;

	if (adding)
		n++;
	outbuf_put(o, " %s %u", g->selector, g->nr_ps_args);
	outbuf_words(o, g->nr_ps_args, g->ps_args);
	outbuf_put(o, " %u %u", n, g->nr_path_args);
	for (i = 0; i < g->nr_paths; i++) {
		if (!e->add && path_is(&g->paths[i], e))
			continue;
		if (is_ioa(g))
			put_ioa_path(o, g->paths[i].major, g->paths[i].minor,
				     k++, n);
		else
			put_path(o, g->paths[i].major, g->paths[i].minor,
				 g->nr_path_args, g->paths[i].args);
	}
	if (adding && is_ioa(g))
		put_ioa_path(o, e->major, e->minor, k, n);
	else if (adding)
		put_path(o, e->major, e->minor, g->nr_path_args,
			 g->paths[0].args);
}

/* An io-affinity group with more paths after @e than there are CPUs. */
static int ioa_too_many(const struct status_map *t, const struct edit *e,
			char *err, size_t errlen)
{
	struct tbl_opts o = { 0 };
	unsigned int g, n, ncpu = table_nr_cpus(&o);

	for (g = 0; g < t->nr_groups; g++) {
		if (!is_ioa(&t->groups[g]))
			continue;
		n = kept(&t->groups[g], e) +
		    (e->add && !e->new_group && g == e->group);
		if (n > ncpu) {
			snprintf(err, errlen, "io-affinity: %u paths in a group"
				 " and %u CPUs: each path needs a CPU of its"
				 " own", n, ncpu);
			return -1;
		}
	}
	return 0;
}

static int render(const struct status_map *t, const struct edit *e, char *buf,
		  size_t len, char *err, size_t errlen)
{
	struct outbuf o = { buf, len, 0, 0 };
	unsigned int g, groups = 0, init = t->current_group;

	if (ioa_too_many(t, e, err, errlen))
		return -1;
	for (g = 0; g < t->nr_groups; g++)
		if (kept(&t->groups[g], e)) {
			groups++;
		} else if (g + 1 < init) {
			init--;	/* a group before it goes away */
		}
	if (e->add && e->new_group)
		groups++;
	if (init > groups)
		init = groups;
	if (!init && groups)
		init = 1;
	outbuf_put(&o, "%u", t->nr_features);
	outbuf_words(&o, t->nr_features, t->features);
	outbuf_put(&o, " %u", t->nr_hw_args);
	outbuf_words(&o, t->nr_hw_args, t->hw_args);
	outbuf_put(&o, " %u %u", groups, init);
	for (g = 0; g < t->nr_groups; g++)
		if (kept(&t->groups[g], e))
			put_group(&o, &t->groups[g], g, e);
	if (e->add && e->new_group) {
		const struct status_group *last = &t->groups[t->nr_groups - 1];

		outbuf_put(&o, " %s %u", last->selector, last->nr_ps_args);
		outbuf_words(&o, last->nr_ps_args, last->ps_args);
		outbuf_put(&o, " 1 %u", last->nr_path_args);
		if (is_ioa(last))
			put_ioa_path(&o, e->major, e->minor, 0, 1);
		else
			put_path(&o, e->major, e->minor, last->nr_path_args,
				 last->paths[0].args);
	}
	if (o.overflow) {
		snprintf(err, errlen, "table too long");
		return -1;
	}
	return 0;
}

int remap_can_add(const struct status_map *t, unsigned int major,
		  unsigned int minor, char *err, size_t errlen)
{
	if (t->kind != MP_TABLE || !t->nr_groups) {
		snprintf(err, errlen, "no group to add %u:%u to", major, minor);
		return -1;
	}
	if (status_find_path(t, major, minor)) {
		snprintf(err, errlen, "%u:%u is a path of the map already",
			 major, minor);
		return -1;
	}
	return 0;
}

int remap_add(const struct status_map *t, unsigned int major, unsigned int minor,
	      int failover, char *buf, size_t len, char *err, size_t errlen)
{
	struct edit e = { 1, major, minor, 0, 0 };
	unsigned int g, one_each = 1;

	if (remap_can_add(t, major, minor, err, errlen))
		return -1;
	for (g = 0; g < t->nr_groups; g++)
		one_each &= t->groups[g].nr_paths == 1;
	e.new_group = one_each && (t->nr_groups > 1 || failover);
	e.group = t->nr_groups - 1;
	if ((e.new_group && t->nr_groups >= STATUS_MAX_COUNT) ||
	    (!e.new_group && t->groups[e.group].nr_paths >= STATUS_MAX_COUNT)) {
		snprintf(err, errlen, "the map has %d %s already", STATUS_MAX_COUNT,
			 e.new_group ? "groups" : "paths in its last group");
		return -1;
	}
	return render(t, &e, buf, len, err, errlen);
}

int remap_remove(const struct status_map *t, unsigned int major,
		 unsigned int minor, char *buf, size_t len, char *err,
		 size_t errlen)
{
	struct edit e = { 0, major, minor, 0, 0 };
	unsigned int g, left = 0;

	if (t->kind != MP_TABLE || !status_find_path(t, major, minor)) {
		snprintf(err, errlen, "%u:%u is not a path of the map", major,
			 minor);
		return -1;
	}
	for (g = 0; g < t->nr_groups; g++)
		left += kept(&t->groups[g], &e);
	if (!left) {
		snprintf(err, errlen, "%u:%u is the map's last path", major,
			 minor);
		return -1;
	}
	return render(t, &e, buf, len, err, errlen);
}
