/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the selectors that pick the least loaded path share (queue-length,
 * service-time, historical-service-time): per-CPU state for where a CPU's
 * next full scan starts (so that equal paths take turns) and a small
 * random generator for large groups, where comparing two distinct random
 * paths ("power of two choices") replaces the O(paths) scan.
 */
#ifndef MPATH2_PICK_H
#define MPATH2_PICK_H

#include <linux/percpu.h>
#include <linux/kernel.h>
#include <linux/types.h>

/* Groups up to this size are scanned in full; larger ones are sampled. */
#define MPATH2_PICK_EXACT_PATHS	8

struct mpath2_pick_cpu {
	u32 rnd;		/* xorshift32 state, never 0 */
	unsigned int next;	/* where this CPU's next full scan starts */
};

/* Per-CPU pick state, seeded; free with free_percpu(). */
struct mpath2_pick_cpu __percpu *mpath2_pick_alloc(void);

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
