// SPDX-License-Identifier: GPL-2.0-only
/*
 * service-time: send each bio to the usable path that would serve it
 * soonest, estimated as (bytes in flight + the bio's bytes) divided by
 * the path's relative_throughput.
 *
 * Table: `service-time 0 <#paths> <0..2>
 *         [<path> [repeat_count [relative_throughput]]]...`
 * relative_throughput is 0..100 (default 1). A path with 0 is used only
 * while no path with a positive value is usable. Selector arguments are
 * refused, as by mpath2's round-robin (dm ignores them).
 * Status, as dm-multipath's service-time: group "0 ", per path
 * INFO "<bytes in flight> <relative_throughput> ",
 * TABLE "<repeat_count> <relative_throughput> ".
 *
 * Each path's in-flight byte count is an atomic_long_t in a cache line of
 * its own: start_io adds the bio's size, end_io takes it away, select_path
 * only reads. Estimates are compared by cross-multiplying, so there is no
 * division per bio; loads big enough to overflow the product are scaled
 * down first. With the same relative_throughput everywhere the paths end
 * up with equal bytes in flight; otherwise in proportion to it.
 *
 * Exactness: a group of up to 8 paths is scanned in full, so
 * the choice is exact, as in dm-multipath; each CPU starts its scan one
 * path further on every time, so equal paths take turns (dm's
 * move-to-tail). Larger groups use "power of two random choices": two
 * distinct paths from a per-CPU generator, compared exactly. The cost is
 * then the same for 64 paths as for 2.
 *
 * repeat_count: accepted, and as in dm-multipath a value above 1 is used
 * as 1 with a warning (see queue-length.c for why). The table shows the
 * value used.
 */
#include <linux/err.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include "../mpath2.h"
#include "pick.h"

#define DM_MSG_PREFIX "mpath2 service-time"

#define ST_MAX_THROUGHPUT	100
/*
 * Loads above this are shifted down before multiplying: the sum of two
 * is then below 2^57 and its product with a throughput (< 2^7) fits.
 */
#define ST_LOAD_SHIFT		8
#define ST_MAX_LOAD		(ULONG_MAX >> ST_LOAD_SHIFT)

struct st_slot {
	struct mpath2_path *path;	/* first: see pick.h */
	unsigned int repeat_count;	/* 0 or 1, for the table output */
	unsigned int throughput;	/* relative_throughput, 0..100 */
	atomic_long_t in_flight;	/* bytes in flight on the path */
} ____cacheline_aligned_in_smp;

/* The selector's context is a struct mpath2_pick of these slots. */
static struct st_slot *st_slot(struct mpath2_pick *st, unsigned int i)
{
	return (struct st_slot *)st->slots + i;
}

static int st_create(struct mpath2_selector *ps, unsigned int argc,
		     char **argv, char **error)
{
	struct mpath2_pick *st;

	if (argc) {
		*error = "service-time ps: takes no selector arguments";
		return -EINVAL;
	}
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st || mpath2_pick_init(st)) {
		kfree(st);
		*error = "service-time ps: out of memory";
		return -ENOMEM;
	}
	ps->ctx = st;
	return 0;
}

static void st_destroy(struct mpath2_selector *ps)
{
	struct mpath2_pick *st = ps->ctx;

	mpath2_pick_exit(st);
	kfree(st);
	ps->ctx = NULL;
}

static int st_add_path(struct mpath2_selector *ps, struct mpath2_path *path,
		       unsigned int argc, char **argv, char **error)
{
	struct mpath2_pick *st = ps->ctx;
	unsigned int repeat_count, throughput = 1;
	struct st_slot *s;
	char dummy;

	if (argc > 2) {
		*error = "service-time ps: incorrect number of arguments";
		return -EINVAL;
	}
	if (mpath2_pick_repeat_count(argc, argv, &repeat_count)) {
		*error = "service-time ps: invalid repeat count";
		return -EINVAL;
	}
	if (argc == 2 && (sscanf(argv[1], "%u%c", &throughput, &dummy) != 1 ||
			  throughput > ST_MAX_THROUGHPUT)) {
		*error = "service-time ps: invalid relative_throughput value";
		return -EINVAL;
	}
	s = mpath2_pick_add(st, path, sizeof(*s));
	if (IS_ERR(s)) {
		*error = PTR_ERR(s) == -ENOMEM ?
			 "service-time ps: Error allocating path context" :
			 "service-time ps: paths added out of order";
		return PTR_ERR(s);
	}
	s->repeat_count = repeat_count;
	s->throughput = throughput;
	return 0;
}

/*
 * Would path @a serve @incoming more bytes strictly sooner than path @b?
 * Service time is (in flight + incoming) / throughput; a < b is tested as
 * (in flight a + incoming) * throughput b < (in flight b + incoming) *
 * throughput a. Ties go to the higher throughput.
 */
static bool st_better(const struct st_slot *a, const struct st_slot *b,
		      unsigned long incoming)
{
	unsigned long la = atomic_long_read(&a->in_flight);
	unsigned long lb = atomic_long_read(&b->in_flight);
	unsigned int ta = a->throughput, tb = b->throughput;

	if (ta == tb)
		return la < lb;
	/* Throughput 0 loses to any other; equal loads: the faster. */
	if (!ta || !tb || la == lb)
		return ta > tb;
	if (unlikely(la > ST_MAX_LOAD || lb > ST_MAX_LOAD ||
		     incoming > ST_MAX_LOAD)) {
		la >>= ST_LOAD_SHIFT;
		lb >>= ST_LOAD_SHIFT;
		incoming >>= ST_LOAD_SHIFT;
	}
	la = (la + incoming) * tb;
	lb = (lb + incoming) * ta;
	if (la != lb)
		return la < lb;
	return ta > tb;
}

static struct mpath2_path *st_select_path(struct mpath2_selector *ps,
					  size_t nr_bytes)
{
	struct mpath2_pick *st = ps->ctx;
	unsigned int n = st->nr_paths, i, idx;
	struct st_slot *best = NULL, *s;
	struct mpath2_pick_cpu *c;

	c = get_cpu_ptr(st->cpu);
	if (n > MPATH2_PICK_EXACT_PATHS) {
		/* Power of two choices: two distinct random paths. */
		mpath2_pick_two(c, n, &idx, &i);
		best = mpath2_pick_usable_from(st, idx, sizeof(*best));
		s = best ? mpath2_pick_usable_from(st, i, sizeof(*s)) : NULL;
		if (s && st_better(s, best, nr_bytes))
			best = s;
	} else {
		/* All paths, from this CPU's rotating start: ties take turns. */
		idx = mpath2_pick_start(c, n);
		for (i = 0; i < n; i++, idx = idx + 1 < n ? idx + 1 : 0) {
			s = st_slot(st, idx);
			if (mpath2_path_usable(s->path) &&
			    (!best || st_better(s, best, nr_bytes)))
				best = s;
		}
	}
	put_cpu_ptr(st->cpu);
	return best ? best->path : NULL;
}

static void st_start_io(struct mpath2_selector *ps, struct mpath2_path *path,
			size_t nr_bytes)
{
	struct mpath2_pick *st = ps->ctx;

	atomic_long_add(nr_bytes, &st_slot(st, path->index)->in_flight);
}

static void st_end_io(struct mpath2_selector *ps, struct mpath2_path *path,
		      size_t nr_bytes, u64 start_ns)
{
	struct mpath2_pick *st = ps->ctx;

	atomic_long_sub(nr_bytes, &st_slot(st, path->index)->in_flight);
}

static unsigned int st_status(struct mpath2_selector *ps,
			      struct mpath2_path *path, status_type_t type,
			      char *result, unsigned int maxlen)
{
	struct mpath2_pick *st = ps->ctx;
	unsigned int sz = 0;
	struct st_slot *s;

	if (!path) {
		DMEMIT("0 ");
		return sz;
	}
	s = st_slot(st, path->index);
	if (type == STATUSTYPE_INFO)
		DMEMIT("%ld %u ", atomic_long_read(&s->in_flight),
		       s->throughput);
	else if (type == STATUSTYPE_TABLE)
		DMEMIT("%u %u ", s->repeat_count, s->throughput);
	return sz;
}

const struct mpath2_selector_type mpath2_service_time_selector = {
	.name		= "service-time",
	.table_args	= 2,
	.info_args	= 2,
	.create		= st_create,
	.destroy	= st_destroy,
	.add_path	= st_add_path,
	.select_path	= st_select_path,
	.start_io	= st_start_io,
	.end_io		= st_end_io,
	.status		= st_status,
};
