// SPDX-License-Identifier: GPL-2.0-only
/*
 * historical-service-time: send each bio to the usable path expected to
 * serve it soonest, (1 + bios in flight) * hst, hst being a moving average
 * of the path's measured service time. dm-multipath's algorithm, lock-free.
 *
 * Table: `historical-service-time <0..2> [base_weight [threshold_multiplier]]
 *         <#paths> <0|1> [<path> [repeat_count]]...`
 * base_weight: 0..1023 (default 972 = 0.95 in 10-bit fixed point), the
 * share of the average kept per 2^24 ns (~16.8 ms); 0 keeps no history.
 * threshold_multiplier (default 0): paths whose hst differ by less than
 * this factor are compared by bios in flight only. repeat_count: accepted
 * and ignored, as in dm (above 1 it is warned about).
 * Status, as dm's: group "2 <base_weight> <threshold_multiplier> ", per
 * path TABLE "0 ", INFO "<hst> <in flight> <stale_after> " (hst in ns << 10
 * as dm prints it; stale_after a ktime_get_ns() time).
 *
 * As in dm, a completion's service time runs from the later of its start
 * and the path's previous completion (bios served one after another), and
 * a path with no completion within (usable paths in the group) * hst of
 * its last one is stale: an idle stale path gets the next bio as a probe,
 * a busy stale one no more than an equal share. Unlike dm, which weights
 * a sample by its own service time, each completion keeps
 * base_weight^(n + 1) of the average, n the whole periods since the path's
 * previous completion (none after 63). While a path is busy the two are
 * the same; ours also ages the history of an idle path, so a probe of a
 * recovered path is believed.
 *
 * Lock-free: per-path atomics in the path's own cache line, hst updated
 * by a cmpxchg loop; a choice reads them one by one (on 32-bit machines
 * without 64-bit atomics, atomic64_t itself takes a hashed spinlock).
 * Exactness: up to 8 paths a full scan with dm's comparison,
 * each CPU starting one path further on each time (equal paths take
 * turns); above, "power of two random choices": two distinct paths from a
 * per-CPU generator, compared exactly.
 */
#include <linux/bits.h>
#include <linux/err.h>
#include <linux/overflow.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "../mpath2.h"
#include "pick.h"

#define DM_MSG_PREFIX "mpath2 historical-service-time"

#define HST_FIXED_SHIFT		10
#define HST_FIXED_1		BIT_ULL(HST_FIXED_SHIFT)
#define HST_DEFAULT_BASE	972	/* 0.95 */
#define HST_WEIGHTS		64
#define HST_PERIOD_SHIFT	24	/* one weight step: 2^24 ns */
/* Samples are clamped so that fixed-point values stay below 2^54. */
#define HST_MAX_NS		(U64_MAX >> (2 * HST_FIXED_SHIFT))

struct hst_slot {
	struct mpath2_path *path;	/* first: see pick.h */
	atomic64_t hst;			/* moving average, ns << 10 */
	atomic64_t last_finish;		/* ktime_get_ns() of last completion */
	atomic64_t stale_after;		/* estimate untrusted after this */
	atomic_long_t outstanding;	/* bios in flight */
} ____cacheline_aligned_in_smp;

struct hst_ctx {
	struct mpath2_pick pick;	/* slots: struct hst_slot */
	unsigned int base_weight;
	unsigned int threshold;		/* threshold_multiplier */
	u16 weights[HST_WEIGHTS];	/* base^(n + 1); the last is 0 */
};

static struct hst_slot *hst_slot(struct hst_ctx *h, unsigned int i)
{
	return (struct hst_slot *)h->pick.slots + i;
}

/* One path's values, read for a choice. */
struct hst_view {
	u64 hst, out, stale;
};

static int hst_create(struct mpath2_selector *ps, unsigned int argc,
		      char **argv, char **error)
{
	unsigned int base = HST_DEFAULT_BASE, threshold = 0, i;
	struct hst_ctx *h;
	char dummy;

	if (argc > 2) {
		*error = "historical-service-time ps: incorrect number of arguments";
		return -EINVAL;
	}
	if (argc && (sscanf(argv[0], "%u%c", &base, &dummy) != 1 ||
		     base >= HST_FIXED_1)) {
		*error = "historical-service-time ps: invalid base_weight";
		return -EINVAL;
	}
	if (argc > 1 && sscanf(argv[1], "%u%c", &threshold, &dummy) != 1) {
		*error = "historical-service-time ps: invalid threshold_multiplier";
		return -EINVAL;
	}
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h || mpath2_pick_init(&h->pick)) {
		kfree(h);
		*error = "historical-service-time ps: out of memory";
		return -ENOMEM;
	}
	h->base_weight = base;
	h->threshold = threshold;
	/* weights[n] = base^(n + 1), rounded at each step; a long gap: 0. */
	h->weights[0] = base;
	for (i = 1; i < HST_WEIGHTS - 1; i++)
		h->weights[i] = (h->weights[i - 1] * base +
				 HST_FIXED_1 / 2) >> HST_FIXED_SHIFT;
	h->weights[HST_WEIGHTS - 1] = 0;
	ps->ctx = h;
	return 0;
}

static void hst_destroy(struct mpath2_selector *ps)
{
	struct hst_ctx *h = ps->ctx;

	mpath2_pick_exit(&h->pick);
	kfree(h);
	ps->ctx = NULL;
}

static int hst_add_path(struct mpath2_selector *ps, struct mpath2_path *path,
			unsigned int argc, char **argv, char **error)
{
	struct hst_ctx *h = ps->ctx;
	unsigned int repeat_count;
	struct hst_slot *s;

	if (argc > 1) {
		*error = "historical-service-time ps: incorrect number of arguments";
		return -EINVAL;
	}
	/* Checked, and not used: the choice is made per bio. */
	if (mpath2_pick_repeat_count(argc, argv, &repeat_count)) {
		*error = "historical-service-time ps: invalid repeat count";
		return -EINVAL;
	}
	s = mpath2_pick_add(&h->pick, path, sizeof(*s));
	if (IS_ERR(s)) {
		*error = PTR_ERR(s) == -ENOMEM ?
			 "historical-service-time ps: Error allocating path context" :
			 "historical-service-time ps: paths added out of order";
		return PTR_ERR(s);
	}
	atomic64_set(&s->hst, HST_FIXED_1);	/* 1 ns, as dm starts */
	return 0;
}

static void hst_read(const struct hst_slot *s, struct hst_view *v)
{
	v->hst = atomic64_read(&s->hst);
	v->out = atomic_long_read(&s->outstanding);
	v->stale = atomic64_read(&s->stale_after);
}

static int hst_cmp_u64(u64 a, u64 b)
{
	return a < b ? -1 : a > b;
}

/*
 * dm's comparison of two paths for the next bio at time @now.
 * Returns < 0 if @a is the better choice, > 0 if @b is, 0 for no preference.
 */
static int hst_compare(const struct hst_ctx *h, const struct hst_slot *sa,
		       const struct hst_slot *sb, u64 now)
{
	struct hst_view a, b;
	u64 ea, eb, bound;

	hst_read(sa, &a);
	hst_read(sb, &b);
	/* Within threshold_multiplier of each other: the shorter queue. */
	if (check_mul_overflow(min(a.hst, b.hst), (u64)h->threshold, &bound) ||
	    max(a.hst, b.hst) <= bound)
		return hst_cmp_u64(a.out, b.out);
	/* Probe a stale idle path; of two idle paths, the stale longer. */
	if (!a.out && !b.out)
		return hst_cmp_u64(a.stale, b.stale);
	if (!a.out && a.stale < now)
		return -1;
	if (!b.out && b.stale < now)
		return 1;
	/* Expected time to serve one more bio: (1 + outstanding) * hst. */
	if (check_mul_overflow(a.hst, a.out + 1, &ea))
		ea = U64_MAX;
	if (check_mul_overflow(b.hst, b.out + 1, &eb))
		eb = U64_MAX;
	if (ea == eb)
		return 0;
	/* A stale winner is not trusted with more than its equal share. */
	if ((ea < eb ? a.stale : b.stale) < now)
		return hst_cmp_u64(a.out, b.out);
	return ea < eb ? -1 : 1;
}

static struct mpath2_path *hst_select_path(struct mpath2_selector *ps,
					   size_t nr_bytes)
{
	struct hst_ctx *h = ps->ctx;
	unsigned int n = h->pick.nr_paths, i, idx;
	struct hst_slot *best = NULL, *s;
	/*
	 * Staleness only needs the time to within a tick: the coarse clock
	 * reads a cached value, where a precise one costs a clock read per
	 * bio on top of io.c's dispatch time and end_io's completion time.
	 */
	u64 now = ktime_get_coarse_ns();
	struct mpath2_pick_cpu *c;

	c = get_cpu_ptr(h->pick.cpu);
	if (n > MPATH2_PICK_EXACT_PATHS) {
		/* Power of two choices: two distinct random paths. */
		mpath2_pick_two(c, n, &idx, &i);
		best = mpath2_pick_usable_from(&h->pick, idx, sizeof(*best));
		s = best ? mpath2_pick_usable_from(&h->pick, i, sizeof(*s)) :
		    NULL;
		if (s && hst_compare(h, s, best, now) < 0)
			best = s;
	} else {
		/* All paths, from this CPU's rotating start: ties take turns. */
		idx = mpath2_pick_start(c, n);
		for (i = 0; i < n; i++, idx = idx + 1 < n ? idx + 1 : 0) {
			s = hst_slot(h, idx);
			if (mpath2_path_usable(s->path) &&
			    (!best || hst_compare(h, s, best, now) < 0))
				best = s;
		}
	}
	put_cpu_ptr(h->pick.cpu);
	return best ? best->path : NULL;
}

static void hst_start_io(struct mpath2_selector *ps, struct mpath2_path *path,
			 size_t nr_bytes)
{
	struct hst_ctx *h = ps->ctx;

	atomic_long_inc(&hst_slot(h, path->index)->outstanding);
}

/* last * w + next * (1 - w) in 10-bit fixed point: fits for values < 2^54. */
static u64 hst_ema(u64 last, u64 next, unsigned int w)
{
	return (last * w + next * (HST_FIXED_1 - w) + HST_FIXED_1 / 2) >>
		HST_FIXED_SHIFT;
}

static void hst_end_io(struct mpath2_selector *ps, struct mpath2_path *path,
		       size_t nr_bytes, u64 start_ns)
{
	struct hst_ctx *h = ps->ctx;
	struct hst_slot *s = hst_slot(h, path->index);
	u64 now = ktime_get_ns(), prev, begin, sample, since;
	unsigned int w = 0;
	s64 old, new;

	/* Served one after another: from the later of start and last finish. */
	prev = atomic64_xchg(&s->last_finish, now);
	begin = max(start_ns, prev);
	sample = now > begin ? now - begin : 0;
	sample = min(sample, HST_MAX_NS) << HST_FIXED_SHIFT;
	/* Keep base^(n + 1) of the history, n whole periods since the last. */
	if (prev) {
		since = now > prev ? now - prev : 0;
		w = h->weights[min_t(u64, since >> HST_PERIOD_SHIFT,
				     HST_WEIGHTS - 1)];
	}
	old = atomic64_read(&s->hst);
	do {
		new = hst_ema(old, sample, w);
	} while (!atomic64_try_cmpxchg(&s->hst, &old, new));

	atomic64_set(&s->stale_after, now + READ_ONCE(path->pg->nr_active) *
		     ((u64)new >> HST_FIXED_SHIFT));
	atomic_long_dec(&s->outstanding);
}

static unsigned int hst_status(struct mpath2_selector *ps,
			       struct mpath2_path *path, status_type_t type,
			       char *result, unsigned int maxlen)
{
	struct hst_ctx *h = ps->ctx;
	unsigned int sz = 0;
	struct hst_view v;

	if (!path) {
		DMEMIT("2 %u %u ", h->base_weight, h->threshold);
		return sz;
	}
	if (type == STATUSTYPE_INFO) {
		hst_read(hst_slot(h, path->index), &v);
		DMEMIT("%llu %llu %llu ", v.hst, v.out, v.stale);
	} else if (type == STATUSTYPE_TABLE) {
		DMEMIT("0 ");
	}
	return sz;
}

const struct mpath2_selector_type mpath2_historical_service_time_selector = {
	.name		= "historical-service-time",
	.table_args	= 1,
	.info_args	= 3,
	.needs_start_time = true,
	.create		= hst_create,
	.destroy	= hst_destroy,
	.add_path	= hst_add_path,
	.select_path	= hst_select_path,
	.start_io	= hst_start_io,
	.end_io		= hst_end_io,
	.status		= hst_status,
};
