// SPDX-License-Identifier: GPL-2.0-only
/* Slots and per-CPU state of the least-loaded selectors (see pick.h). */
#include <linux/err.h>
#include <linux/log2.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "pick.h"

#define DM_MSG_PREFIX "mpath2 selector"

int mpath2_pick_init(struct mpath2_pick *p)
{
	int cpu;

	p->nr_paths = 0;
	p->slots = NULL;
	p->cpu = alloc_percpu(struct mpath2_pick_cpu);
	if (!p->cpu)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		per_cpu_ptr(p->cpu, cpu)->rnd = get_random_u32() | 1;
	return 0;
}

void mpath2_pick_exit(struct mpath2_pick *p)
{
	free_percpu(p->cpu);
	kfree(p->slots);
	p->cpu = NULL;
	p->slots = NULL;
}

void *mpath2_pick_add(struct mpath2_pick *p, struct mpath2_path *path,
		      size_t size)
{
	void *slots, *s;

	if (WARN_ON(path->index != p->nr_paths))
		return ERR_PTR(-EINVAL);
	/* krealloc() keeps the block while the power of two still fits. */
	slots = krealloc_array(p->slots, roundup_pow_of_two(p->nr_paths + 1),
			       size, GFP_KERNEL);
	if (!slots)
		return ERR_PTR(-ENOMEM);
	p->slots = slots;
	s = slots + (size_t)p->nr_paths++ * size;
	memset(s, 0, size);
	*(struct mpath2_path **)s = path;
	return s;
}

int mpath2_pick_repeat_count(unsigned int argc, char **argv, unsigned int *rc)
{
	char dummy;

	*rc = 1;
	if (argc && sscanf(argv[0], "%u%c", rc, &dummy) != 1)
		return -EINVAL;
	if (*rc > 1) {
		DMWARN_LIMIT("repeat_count > 1 is deprecated, using 1 instead");
		*rc = 1;
	}
	return 0;
}
