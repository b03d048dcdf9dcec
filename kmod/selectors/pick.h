/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the selectors that pick the least loaded path share (queue-length,
 * service-time, historical-service-time): their per-path slots, per-CPU
 * state for where a CPU's next full scan starts (so that equal paths take
 * turns) and a small random generator for large groups, where comparing
 * two distinct random paths ("power of two choices") replaces the
 * O(paths) scan.
 */
#ifndef MPATH2_PICK_H
#define MPATH2_PICK_H

#include <linux/percpu.h>
#include <linux/kernel.h>
#include <linux/types.h>

#include "../mpath2.h"

/* Groups up to this size are scanned in full; larger ones are sampled. */
#define MPATH2_PICK_EXACT_PATHS	8

struct mpath2_pick_cpu {
	u32 rnd;		/* xorshift32 state, never 0 */
	unsigned int next;	/* where this CPU's next full scan starts */
};

/*
 * A selector's paths: one slot per path, indexed by path->index, each a
 * cache line of its own (the selector's slot type is
 * ____cacheline_aligned_in_smp and starts with its struct mpath2_path
 * pointer). The array holds a power-of-two number of slots: kmalloc
 * aligns a power-of-two size naturally, so the lines really are apart.
 * The slots only change in the constructor (add_path); I/O reads them
 * and updates each slot's own atomics.
 */
struct mpath2_pick {
	unsigned int nr_paths;
	void *slots;
	struct mpath2_pick_cpu __percpu *cpu;
};

/* Empty, with seeded per-CPU state; 0 or -ENOMEM. */
int mpath2_pick_init(struct mpath2_pick *p);
void mpath2_pick_exit(struct mpath2_pick *p);

/*
 * The zeroed slot of @size bytes for @path, which must be the next path
 * by index (the constructor adds them in order), with its path pointer
 * set; or an ERR_PTR: -EINVAL out of order, -ENOMEM.
 */
void *mpath2_pick_add(struct mpath2_pick *p, struct mpath2_path *path,
		      size_t size);

/*
 * A path's optional repeat_count argument (argv[0] if @argc), into @rc:
 * 1 if absent; above 1 is used as 1 with a warning, as dm-multipath does
 * for its load-based selectors. 0, or -EINVAL if it is not a number.
 */
int mpath2_pick_repeat_count(unsigned int argc, char **argv, unsigned int *rc);

/*
 * The first usable slot of @size bytes at or after @idx, wrapping
 * around; or NULL. Inlined with a constant @size, it indexes as an array
 * of the selector's slot type would.
 */
static __always_inline void *mpath2_pick_usable_from(const struct mpath2_pick *p,
						     unsigned int idx,
						     size_t size)
{
	unsigned int i;
	void *s;

	for (i = 0; i < p->nr_paths; i++) {
		s = p->slots + (size_t)idx * size;
		if (mpath2_path_usable(*(struct mpath2_path **)s))
			return s;
		if (++idx == p->nr_paths)
			idx = 0;
	}
	return NULL;
}

/* A random position among @n. */
static inline unsigned int mpath2_pick_draw(struct mpath2_pick_cpu *c,
					    unsigned int n)
{
	c->rnd ^= c->rnd << 13;
	c->rnd ^= c->rnd >> 17;
	c->rnd ^= c->rnd << 5;
	return reciprocal_scale(c->rnd, n);
}

/* Two distinct random positions among @n (n >= 2). */
static inline void mpath2_pick_two(struct mpath2_pick_cpu *c, unsigned int n,
				   unsigned int *a, unsigned int *b)
{
	unsigned int i;

	*a = mpath2_pick_draw(c, n);
	i = *a + 1 + mpath2_pick_draw(c, n - 1);
	*b = i < n ? i : i - n;
}

/* Where this CPU's full scan of @n paths starts; one further each time. */
static inline unsigned int mpath2_pick_start(struct mpath2_pick_cpu *c,
					     unsigned int n)
{
	unsigned int idx = c->next < n ? c->next : 0;

	c->next = idx + 1 < n ? idx + 1 : 0;
	return idx;
}

#endif /* MPATH2_PICK_H */
