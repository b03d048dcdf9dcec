// SPDX-License-Identifier: GPL-2.0-only
/*
 * io-affinity: each CPU sends its bios down the path the table gives it.
 *
 * Table: `io-affinity 0 <#paths> 1 [<path> <cpumask>]...`, the cpumask in
 * the kernel's hex format (`3`, `ff,00000000`), as dm-multipath's selector
 * of that name. A CPU belongs to the first path that names it; a path that
 * gets no CPU of its own is refused. The submitting CPU's path is used
 * while it is usable; if it is not (or the CPU has none: a "miss"), a
 * usable path of a CPU on the same NUMA node, then any usable path.
 *
 * The CPU -> path map is fixed when the table is built, so selection reads
 * it without a lock; misses are counted per CPU. Status: the cpumask per
 * path in the table, the misses (over all CPUs) per path in the info, as
 * dm-multipath prints them.
 */
#include <linux/cpumask.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/topology.h>
#include <asm/local64.h>

#include "../mpath2.h"

#define DM_MSG_PREFIX "mpath2 io-affinity"

/* One path's CPUs, as the table gave them. */
struct ioa_path {
	cpumask_var_t mask;
};

struct ioa_ctx {
	unsigned int nr_paths;
	struct ioa_path **paths;	/* by path index */
	struct mpath2_path **by_cpu;	/* nr_cpu_ids entries */
	cpumask_var_t mapped;		/* CPUs that have a path */
	local64_t __percpu *misses;
};

static int ioa_create(struct mpath2_selector *ps, unsigned int argc,
		      char **argv, char **error)
{
	struct ioa_ctx *ioa;

	if (argc) {
		*error = "io-affinity ps: takes no selector arguments";
		return -EINVAL;
	}
	ioa = kzalloc(sizeof(*ioa), GFP_KERNEL);
	if (!ioa)
		goto nomem;
	ioa->by_cpu = kcalloc(nr_cpu_ids, sizeof(*ioa->by_cpu), GFP_KERNEL);
	ioa->misses = alloc_percpu(local64_t);
	if (!ioa->by_cpu || !ioa->misses ||
	    !zalloc_cpumask_var(&ioa->mapped, GFP_KERNEL))
		goto nomem_ctx;
	ps->ctx = ioa;
	return 0;

nomem_ctx:
	free_percpu(ioa->misses);
	kfree(ioa->by_cpu);
	kfree(ioa);
nomem:
	*error = "io-affinity ps: out of memory";
	return -ENOMEM;
}

static void ioa_destroy(struct mpath2_selector *ps)
{
	struct ioa_ctx *ioa = ps->ctx;
	unsigned int i;

	for (i = 0; i < ioa->nr_paths; i++) {
		free_cpumask_var(ioa->paths[i]->mask);
		kfree(ioa->paths[i]);
	}
	kfree(ioa->paths);
	free_cpumask_var(ioa->mapped);
	free_percpu(ioa->misses);
	kfree(ioa->by_cpu);
	kfree(ioa);
	ps->ctx = NULL;
}

static int ioa_add_path(struct mpath2_selector *ps, struct mpath2_path *path,
			unsigned int argc, char **argv, char **error)
{
	struct ioa_ctx *ioa = ps->ctx;
	struct ioa_path **paths, *ip;
	unsigned int cpu, claimed = 0;
	int r;

	if (argc != 1) {
		*error = "io-affinity ps: invalid number of arguments";
		return -EINVAL;
	}
	if (WARN_ON(path->index != ioa->nr_paths)) {
		*error = "io-affinity ps: paths added out of order";
		return -EINVAL;
	}
	paths = krealloc_array(ioa->paths, ioa->nr_paths + 1, sizeof(*paths),
			       GFP_KERNEL);
	if (!paths) {
		*error = "io-affinity ps: Error allocating path context";
		return -ENOMEM;
	}
	ioa->paths = paths;
	ip = kzalloc(sizeof(*ip), GFP_KERNEL);
	if (!ip || !zalloc_cpumask_var(&ip->mask, GFP_KERNEL)) {
		*error = "io-affinity ps: Error allocating cpumask context";
		r = -ENOMEM;
		goto bad;
	}
	if (cpumask_parse(argv[0], ip->mask)) {
		*error = "io-affinity ps: invalid cpumask";
		r = -EINVAL;
		goto bad_mask;
	}

	/* Only CPUs this kernel may have, and not taken by an earlier path. */
	for_each_cpu(cpu, ip->mask) {
		if (ioa->by_cpu[cpu]) {
			DMWARN("CPU %u already has a path: ignored for path %u",
			       cpu, path->index + 1);
			continue;
		}
		claimed++;
	}
	if (!claimed) {
		*error = "io-affinity ps: No new/valid CPU mapping found";
		r = -EINVAL;
		goto bad_mask;
	}
	for_each_cpu(cpu, ip->mask) {
		if (!ioa->by_cpu[cpu]) {
			ioa->by_cpu[cpu] = path;
			cpumask_set_cpu(cpu, ioa->mapped);
		}
	}
	ioa->paths[ioa->nr_paths++] = ip;
	return 0;

bad_mask:
	free_cpumask_var(ip->mask);
bad:
	kfree(ip);
	return r;
}

/* A usable path of one of the CPUs in @cpus, or NULL. */
static struct mpath2_path *ioa_first_usable(const struct ioa_ctx *ioa,
					    const struct cpumask *cpus)
{
	unsigned int cpu;

	for_each_cpu_and(cpu, cpus, ioa->mapped) {
		struct mpath2_path *path = READ_ONCE(ioa->by_cpu[cpu]);

		if (path && mpath2_path_usable(path))
			return path;
	}
	return NULL;
}

static struct mpath2_path *ioa_select_path(struct mpath2_selector *ps,
					   size_t nr_bytes)
{
	struct ioa_ctx *ioa = ps->ctx;
	struct mpath2_path *path;
	unsigned int cpu = get_cpu();

	path = ioa->by_cpu[cpu];
	if (likely(path && mpath2_path_usable(path)))
		goto out;
	if (!path)
		local64_inc(this_cpu_ptr(ioa->misses));
	path = ioa_first_usable(ioa, cpumask_of_node(cpu_to_node(cpu)));
	if (!path)
		path = ioa_first_usable(ioa, cpu_possible_mask);
out:
	put_cpu();
	return path;
}

static unsigned int ioa_status(struct mpath2_selector *ps,
			       struct mpath2_path *path, status_type_t type,
			       char *result, unsigned int maxlen)
{
	struct ioa_ctx *ioa = ps->ctx;
	unsigned int sz = 0;
	u64 misses = 0;
	int cpu;

	if (!path) {
		DMEMIT("0 ");
		return sz;
	}
	switch (type) {
	case STATUSTYPE_INFO:
		for_each_possible_cpu(cpu)
			misses += local64_read(per_cpu_ptr(ioa->misses, cpu));
		DMEMIT("%llu ", misses);
		break;
	case STATUSTYPE_TABLE:
		DMEMIT("%*pb ", cpumask_pr_args(ioa->paths[path->index]->mask));
		break;
	default:
		break;
	}
	return sz;
}

const struct mpath2_selector_type mpath2_io_affinity_selector = {
	.name		= "io-affinity",
	.table_args	= 1,
	.info_args	= 1,
	.create		= ioa_create,
	.destroy	= ioa_destroy,
	.add_path	= ioa_add_path,
	.select_path	= ioa_select_path,
	.status		= ioa_status,
};
