// SPDX-License-Identifier: GPL-2.0-only
/*
 * failback: going back to a better priority group when it returns.
 *
 * Groups rank in table order: group 1 is the best (with a hardware handler
 * that ranks them, ALUA's, by the priority of their ports' states). dm-multipath itself
 * keeps the current group until it has no usable path and leaves going
 * back to multipathd; mpath2 does it in the kernel, per map, with
 * multipath.conf's choices (table feature `failback <mode>`):
 *
 *   manual      never on its own (the default, as dm-multipath)
 *   immediate   as soon as a path of a better group is reinstated
 *   followover  only when that path is the first usable one of its group
 *               (the group goes from no usable path to one)
 *   <secs>      that many seconds after a path of a better group returns
 */
#include "mpath2.h"

#define DM_MSG_PREFIX "mpath2"

const char *mpath2_failback_name(const struct mpath2 *m)
{
	switch (m->failback) {
	case MPATH2_FAILBACK_IMMEDIATE:
		return "immediate";
	case MPATH2_FAILBACK_FOLLOWOVER:
		return "followover";
	case MPATH2_FAILBACK_DEFERRED:
		return NULL;	/* printed as a number of seconds */
	default:
		return "manual";
	}
}

/* Is @pg a better choice than the group in use? */
static bool better_than_current(const struct mpath2 *m,
				const struct mpath2_pg *pg)
{
	const struct mpath2_pg *cur = m->current_pg;

	return pg->nr_active && !pg->bypassed &&
	       (!cur || mpath2_pg_better(pg, cur));
}

static void switch_to(struct mpath2 *m, struct mpath2_pg *pg)
{
	lockdep_assert_held(&m->lock);
	DMINFO("%s: failing back to group %u",
	       dm_table_device_name(m->ti->table), pg->num);
	m->next_pg = pg;
	WRITE_ONCE(m->current_pg, NULL);
	mpath2_trigger_event(m);
}

/*
 * Called under m->lock when @path has just been reinstated, with whether
 * its group had no usable path before.
 */
void mpath2_failback_path_returned(struct mpath2_path *path,
				   bool group_was_empty)
{
	struct mpath2_pg *pg = path->pg;
	struct mpath2 *m = pg->m;

	lockdep_assert_held(&m->lock);
	if (!m->current_pg || !better_than_current(m, pg))
		return;

	switch (m->failback) {
	case MPATH2_FAILBACK_IMMEDIATE:
		switch_to(m, pg);
		break;
	case MPATH2_FAILBACK_FOLLOWOVER:
		if (group_was_empty)
			switch_to(m, pg);
		break;
	case MPATH2_FAILBACK_DEFERRED:
		/*
		 * A group coming back (from no usable path to one) starts the
		 * delay afresh, so a group that failed and returned meanwhile
		 * proves itself for the full delay again; further paths of a
		 * group already back do not extend it.
		 */
		if (group_was_empty)
			mod_delayed_work(mpath2_wq, &m->failback_work,
					 m->failback_secs * HZ);
		else
			queue_delayed_work(mpath2_wq, &m->failback_work,
					   m->failback_secs * HZ);
		break;
	default:
		break;
	}
}

/* failback <secs>: the delay is over; go to the best usable group. */
void mpath2_failback_work(struct work_struct *work)
{
	struct mpath2 *m = container_of(to_delayed_work(work), struct mpath2,
					failback_work);
	struct mpath2_pg *best;
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	best = mpath2_best_group_locked(m, false);
	if (m->current_pg && best && better_than_current(m, best))
		switch_to(m, best);
	spin_unlock_irqrestore(&m->lock, flags);
}
