// SPDX-License-Identifier: GPL-2.0-only
/*
 * queue-length: send each bio to the usable path with the fewest bios in
 * flight.
 *
 * Table: `queue-length 0 <#paths> <0|1> [<path> [repeat_count]]...`
 * Selector arguments are refused, as by mpath2's round-robin (dm ignores
 * them). Status, as dm-multipath's queue-length: group "0 ", per path
 * INFO "<bios in flight> ", TABLE "<repeat_count> ".
 *
 * Each path's in-flight count is an atomic_t in a cache line of its own:
 * start_io increments it, end_io decrements it, select_path only reads
 * them. Nothing is locked, so two CPUs choosing at the same moment may
 * both take the same least loaded path (dm-multipath has the same window
 * between its select_path and start_io).
 *
 * Exactness: a group of up to 8 paths is scanned in full, so
 * the choice is exact, as in dm (an idle path ends the scan at once).
 * Each CPU starts its scan one path further on every time, so paths with
 * equal counts take turns, as dm's move-to-tail makes them. Larger groups
 * use "power of two random choices": two distinct paths drawn from a
 * per-CPU generator, the less loaded one wins. That costs as little for
 * 64 paths as for 2, keeps the counts within a few bios of each other
 * (mpath2_ql's distribution test) and never prefers a path over a less
 * loaded one it was compared with.
 *
 * repeat_count: accepted, and as in dm-multipath a value above 1 is used
 * as 1 with a warning: a load-based choice is made per bio, and
 * multipath-tools' bio-mode default (rr_min_io 1000) would otherwise pin
 * each CPU to one path for 1000 bios. The table shows the value used.
 */
#include <linux/err.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include "../mpath2.h"
#include "pick.h"

#define DM_MSG_PREFIX "mpath2 queue-length"

struct ql_slot {
	struct mpath2_path *path;	/* first: see pick.h */
	unsigned int repeat_count;	/* 0 or 1, for the table output */
	atomic_t qlen;			/* bios in flight on the path */
} ____cacheline_aligned_in_smp;

/* The selector's context is a struct mpath2_pick of these slots. */
static struct ql_slot *ql_slot(struct mpath2_pick *ql, unsigned int i)
{
	return (struct ql_slot *)ql->slots + i;
}

static int ql_create(struct mpath2_selector *ps, unsigned int argc,
		     char **argv, char **error)
{
	struct mpath2_pick *ql;

	if (argc) {
		*error = "queue-length ps: takes no selector arguments";
		return -EINVAL;
	}
	ql = kzalloc(sizeof(*ql), GFP_KERNEL);
	if (!ql || mpath2_pick_init(ql)) {
		kfree(ql);
		*error = "queue-length ps: out of memory";
		return -ENOMEM;
	}
	ps->ctx = ql;
	return 0;
}

static void ql_destroy(struct mpath2_selector *ps)
{
	struct mpath2_pick *ql = ps->ctx;

	mpath2_pick_exit(ql);
	kfree(ql);
	ps->ctx = NULL;
}

static int ql_add_path(struct mpath2_selector *ps, struct mpath2_path *path,
		       unsigned int argc, char **argv, char **error)
{
	struct mpath2_pick *ql = ps->ctx;
	unsigned int repeat_count;
	struct ql_slot *s;

	if (argc > 1) {
		*error = "queue-length ps: incorrect number of arguments";
		return -EINVAL;
	}
	if (mpath2_pick_repeat_count(argc, argv, &repeat_count)) {
		*error = "queue-length ps: invalid repeat count";
		return -EINVAL;
	}
	s = mpath2_pick_add(ql, path, sizeof(*s));
	if (IS_ERR(s)) {
		*error = PTR_ERR(s) == -ENOMEM ?
			 "queue-length ps: Error allocating path information" :
			 "queue-length ps: paths added out of order";
		return PTR_ERR(s);
	}
	s->repeat_count = repeat_count;
	return 0;
}

static struct mpath2_path *ql_select_path(struct mpath2_selector *ps,
					  size_t nr_bytes)
{
	struct mpath2_pick *ql = ps->ctx;
	unsigned int n = ql->nr_paths, i, idx;
	struct ql_slot *best = NULL, *s;
	int len, best_len = 0;
	struct mpath2_pick_cpu *c;

	c = get_cpu_ptr(ql->cpu);
	if (n > MPATH2_PICK_EXACT_PATHS) {
		/* Power of two choices: two distinct random paths. */
		mpath2_pick_two(c, n, &idx, &i);
		best = mpath2_pick_usable_from(ql, idx, sizeof(*best));
		s = best ? mpath2_pick_usable_from(ql, i, sizeof(*s)) :
		    NULL;
		if (s && atomic_read(&s->qlen) < atomic_read(&best->qlen))
			best = s;
	} else {
		/* All paths, from this CPU's rotating start: ties take turns. */
		idx = mpath2_pick_start(c, n);
		for (i = 0; i < n; i++, idx = idx + 1 < n ? idx + 1 : 0) {
			s = ql_slot(ql, idx);
			if (!mpath2_path_usable(s->path))
				continue;
			len = atomic_read(&s->qlen);
			if (!best || len < best_len) {
				best = s;
				best_len = len;
				if (len <= 0)
					break;	/* nothing beats an idle path */
			}
		}
	}
	put_cpu_ptr(ql->cpu);
	return best ? best->path : NULL;
}

static void ql_start_io(struct mpath2_selector *ps, struct mpath2_path *path,
			size_t nr_bytes)
{
	struct mpath2_pick *ql = ps->ctx;

	atomic_inc(&ql_slot(ql, path->index)->qlen);
}

static void ql_end_io(struct mpath2_selector *ps, struct mpath2_path *path,
		      size_t nr_bytes, u64 start_ns)
{
	struct mpath2_pick *ql = ps->ctx;

	atomic_dec(&ql_slot(ql, path->index)->qlen);
}

static unsigned int ql_status(struct mpath2_selector *ps,
			      struct mpath2_path *path, status_type_t type,
			      char *result, unsigned int maxlen)
{
	struct mpath2_pick *ql = ps->ctx;
	unsigned int sz = 0;
	struct ql_slot *s;

	if (!path) {
		DMEMIT("0 ");
		return sz;
	}
	s = ql_slot(ql, path->index);
	if (type == STATUSTYPE_INFO)
		DMEMIT("%d ", atomic_read(&s->qlen));
	else if (type == STATUSTYPE_TABLE)
		DMEMIT("%u ", s->repeat_count);
	return sz;
}

const struct mpath2_selector_type mpath2_queue_length_selector = {
	.name		= "queue-length",
	.table_args	= 1,
	.info_args	= 1,
	.create		= ql_create,
	.destroy	= ql_destroy,
	.add_path	= ql_add_path,
	.select_path	= ql_select_path,
	.start_io	= ql_start_io,
	.end_io		= ql_end_io,
	.status		= ql_status,
};
