// SPDX-License-Identifier: GPL-2.0-only
/*
 * round-robin: send bios to the usable paths of a group in turn.
 *
 * Table: `round-robin 0 <#paths> <0|1> [<path> [repeat_count]]...`
 *
 * Each CPU keeps its own cursor, so selection takes no lock and touches no
 * shared cache line: a CPU sends repeat_count consecutive bios down one
 * path, then moves to the next usable path. Unlike dm-multipath, which
 * clamps repeat_count to 1, mpath2 honours it (multipath.conf's rr_min_io
 * for bio-based maps). Over many bios every usable path receives its share
 * from every CPU; the order across CPUs is not globally exact.
 */
#include <linux/percpu.h>
#include <linux/slab.h>

#include "../mpath2.h"

#define DM_MSG_PREFIX "mpath2 round-robin"

struct rr_cursor {
	unsigned int path;	/* index of the path in use */
	unsigned int left;	/* bios it still gets before moving on */
};

struct rr_slot {
	struct mpath2_path *path;
	unsigned int repeat_count;
};

struct rr_ctx {
	unsigned int nr_paths;
	struct rr_slot *slots;
	struct rr_cursor __percpu *cursor;
};

static int rr_create(struct mpath2_selector *ps, unsigned int argc,
		     char **argv, char **error)
{
	struct rr_ctx *rr;

	if (argc) {
		*error = "round-robin ps: takes no selector arguments";
		return -EINVAL;
	}
	rr = kzalloc(sizeof(*rr), GFP_KERNEL);
	if (!rr)
		goto nomem;
	rr->cursor = alloc_percpu(struct rr_cursor);
	if (!rr->cursor) {
		kfree(rr);
		goto nomem;
	}
	ps->ctx = rr;
	return 0;
nomem:
	*error = "round-robin ps: out of memory";
	return -ENOMEM;
}

static void rr_destroy(struct mpath2_selector *ps)
{
	struct rr_ctx *rr = ps->ctx;

	free_percpu(rr->cursor);
	kfree(rr->slots);
	kfree(rr);
	ps->ctx = NULL;
}

static int rr_add_path(struct mpath2_selector *ps, struct mpath2_path *path,
		       unsigned int argc, char **argv, char **error)
{
	struct rr_ctx *rr = ps->ctx;
	unsigned int repeat_count = 1;
	struct rr_slot *slots;
	char dummy;

	if (argc > 1) {
		*error = "round-robin ps: incorrect number of arguments";
		return -EINVAL;
	}
	if (argc && (sscanf(argv[0], "%u%c", &repeat_count, &dummy) != 1 ||
		     !repeat_count)) {
		*error = "round-robin ps: invalid repeat count";
		return -EINVAL;
	}
	if (WARN_ON(path->index != rr->nr_paths)) {
		*error = "round-robin ps: paths added out of order";
		return -EINVAL;
	}

	slots = krealloc_array(rr->slots, rr->nr_paths + 1, sizeof(*slots),
			       GFP_KERNEL);
	if (!slots) {
		*error = "round-robin ps: Error allocating path context";
		return -ENOMEM;
	}
	slots[rr->nr_paths].path = path;
	slots[rr->nr_paths].repeat_count = repeat_count;
	rr->slots = slots;
	rr->nr_paths++;
	return 0;
}

static struct mpath2_path *rr_select_path(struct mpath2_selector *ps,
					  size_t nr_bytes)
{
	struct rr_ctx *rr = ps->ctx;
	struct mpath2_path *found = NULL;
	struct rr_cursor *c;
	unsigned int i, idx;

	c = get_cpu_ptr(rr->cursor);
	idx = c->path;
	if (c->left && idx < rr->nr_paths &&
	    mpath2_path_usable(rr->slots[idx].path)) {
		c->left--;
		found = rr->slots[idx].path;
		goto out;
	}
	/* Move on to the next usable path after the current one. */
	for (i = 0; i < rr->nr_paths; i++) {
		if (++idx >= rr->nr_paths)
			idx = 0;
		if (mpath2_path_usable(rr->slots[idx].path)) {
			c->path = idx;
			c->left = rr->slots[idx].repeat_count - 1;
			found = rr->slots[idx].path;
			break;
		}
	}
out:
	put_cpu_ptr(rr->cursor);
	return found;
}

static unsigned int rr_status(struct mpath2_selector *ps,
			      struct mpath2_path *path, status_type_t type,
			      char *result, unsigned int maxlen)
{
	struct rr_ctx *rr = ps->ctx;
	unsigned int sz = 0;

	if (!path)
		DMEMIT("0 ");
	else if (type == STATUSTYPE_TABLE)
		DMEMIT("%u ", rr->slots[path->index].repeat_count);
	return sz;
}

const struct mpath2_selector_type mpath2_round_robin_selector = {
	.name		= "round-robin",
	.table_args	= 1,
	.info_args	= 0,
	.create		= rr_create,
	.destroy	= rr_destroy,
	.add_path	= rr_add_path,
	.select_path	= rr_select_path,
	.status		= rr_status,
};
