// SPDX-License-Identifier: GPL-2.0-only
/* Per-CPU state of the least-loaded selectors (see pick.h). */
#include <linux/random.h>

#include "pick.h"

struct mpath2_pick_cpu __percpu *mpath2_pick_alloc(void)
{
	struct mpath2_pick_cpu __percpu *pcpu;
	int cpu;

	pcpu = alloc_percpu(struct mpath2_pick_cpu);
	if (!pcpu)
		return NULL;
	for_each_possible_cpu(cpu)
		per_cpu_ptr(pcpu, cpu)->rnd = get_random_u32() | 1;
	return pcpu;
}
