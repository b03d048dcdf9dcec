// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-path statistics and the path_stats message.
 *
 * `dmsetup message <map> 0 path_stats` answers one line per path:
 *
 *   <maj:min> group=<N> state=<active|failed|held> fail_count=<n>
 *       errors=<n> ios=<n> in_flight=<n>
 *
 * dm-multipath's status format has no room for these, and parsers rely on
 * it staying as it is, so mpath2's extensions are reported here instead.
 * The I/O path counts in per-CPU counters; this sums them.
 */
#include <linux/percpu.h>

#include "mpath2.h"

#define DM_MSG_PREFIX "mpath2"

int mpath2_alloc_path_stats(struct mpath2_path *path)
{
	path->stats = alloc_percpu(struct mpath2_path_stats);
	return path->stats ? 0 : -ENOMEM;
}

void mpath2_free_path_stats(struct mpath2_path *path)
{
	free_percpu(path->stats);
	path->stats = NULL;
}

static const char *path_state(const struct mpath2_path *path)
{
	if (path->active)
		return "active";
	return path->held ? "held" : "failed";
}

int mpath2_path_stats_message(struct mpath2 *m, char *result,
			      unsigned int maxlen)
{
	unsigned int sz = 0, g, p;
	unsigned long flags;

	if (!result || !maxlen)
		return -EINVAL;
	for (g = 0; g < m->nr_pgs; g++) {
		for (p = 0; p < m->pgs[g].nr_paths; p++) {
			struct mpath2_path *path = &m->pgs[g].paths[p];
			u64 ios = 0, completed = 0;
			int cpu;

			for_each_possible_cpu(cpu) {
				struct mpath2_path_stats *s;

				s = per_cpu_ptr(path->stats, cpu);
				ios += READ_ONCE(s->started);
				completed += READ_ONCE(s->completed);
			}
			spin_lock_irqsave(&m->lock, flags);
			DMEMIT("%s group=%u state=%s fail_count=%u ",
			       path->dev->name, g + 1, path_state(path),
			       path->fail_count);
			/* Read unlocked: a completion may be counted first. */
			DMEMIT("errors=%lld ios=%llu in_flight=%llu\n",
			       atomic64_read(&path->errors), ios,
			       ios > completed ? ios - completed : 0);
			spin_unlock_irqrestore(&m->lock, flags);
		}
	}
	/* 1: an answer is in @result (dm core flags it if truncated). */
	return 1;
}
