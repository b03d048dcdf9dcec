// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-path statistics and the path_stats message.
 *
 * `dmsetup message <map> 0 path_stats` answers one line per path:
 *
 *   <maj:min> group=<N> state=<active|failed|held> fail_count=<n>
 *       errors=<n> ios=<n> in_flight=<n> latency_us=<n.nnn>
 *
 * dm-multipath's status format has no room for these, and parsers rely on
 * it staying as it is, so mpath2's extensions are reported here instead.
 * The I/O path counts in per-CPU counters; this sums them. latency_us is
 * a moving average (1/8 weight per sample) of the completion time of one
 * bio in MPATH2_LATENCY_SAMPLE, so that the clock is read rarely.
 */
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/percpu.h>

#include "hw_handlers/hw_handler.h"
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

/* A sampled bio completed on @path: fold its time into the average. */
void mpath2_stats_latency(struct mpath2_path *path, u64 start_ns)
{
	u64 now = ktime_get_ns(), sample, old, new;

	sample = now > start_ns ? now - start_ns : 0;
	old = atomic64_read(&path->latency_ns);
	new = old ? old - (old >> 3) + (sample >> 3) : sample;
	/* One try: under contention, losing a sample does not matter. */
	atomic64_cmpxchg(&path->latency_ns, old, new);
}

static const char *path_state(const struct mpath2_path *path)
{
	if (path->active)
		return "active";
	if (path->blocked)
		return "blocked";
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
			u64 ios = 0, completed = 0, lat;
			int cpu;

			for_each_possible_cpu(cpu) {
				struct mpath2_path_stats *s;

				s = per_cpu_ptr(path->stats, cpu);
				ios += local64_read(&s->started);
				completed += local64_read(&s->completed);
			}
			spin_lock_irqsave(&m->lock, flags);
			DMEMIT("%s group=%u state=%s fail_count=%u ",
			       path->dev->name, g + 1, path_state(path),
			       path->fail_count);
			/* Read unlocked: a completion may be counted first. */
			DMEMIT("errors=%lld ios=%llu in_flight=%llu ",
			       atomic64_read(&path->errors), ios,
			       ios > completed ? ios - completed : 0);
			lat = atomic64_read(&path->latency_ns);
			DMEMIT("latency_us=%llu.%03llu", div_u64(lat, 1000),
			       lat % 1000);
			spin_unlock_irqrestore(&m->lock, flags);
			if (m->hw && m->hw->path_info && sz + 1 < maxlen) {
				DMEMIT(" ");
				sz += m->hw->path_info(m, path, result + sz,
						       maxlen - sz);
			}
			DMEMIT("\n");
		}
	}
	/* 1: an answer is in @result (dm core flags it if truncated). */
	return 1;
}
