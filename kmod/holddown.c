// SPDX-License-Identifier: GPL-2.0-only
/*
 * hold_down: keep a flapping path out.
 *
 * Table feature `hold_down <failures> <window_secs> <hold_secs>`: a path
 * that failed <failures> times within the last <window_secs> is not
 * reinstated at once when asked. The reinstatement is accepted but
 * deferred: the path is "held" and comes back only once it has gone
 * <hold_secs> without failing again. A failure reported meanwhile (a
 * fail_path message from the checker) cancels the deferred reinstatement.
 *
 * dm-multipath has no such hysteresis in the kernel: a path whose link
 * bounces is put back into service on every bounce, and every bounce
 * costs the I/O sent to it a failover.
 */
#include "mpath2.h"

#define DM_MSG_PREFIX "mpath2"

static bool hold_down_enabled(const struct mpath2 *m)
{
	return m->hold_failures;
}

/*
 * @path is being failed; called under m->lock. Only a usable path going
 * down counts as a failure (the bios in flight on a dying path each report
 * an error too); a failure reported while the path is held cancels the
 * deferred reinstatement.
 */
void mpath2_hold_down_failed(struct mpath2_path *path)
{
	struct mpath2 *m = mpath2_from_path(path);

	lockdep_assert_held(&m->lock);
	if (!hold_down_enabled(m))
		return;
	if (path->active) {
		path->fail_times[path->fail_next] = jiffies;
		path->fail_next = (path->fail_next + 1) % m->hold_failures;
		if (path->fail_recorded < m->hold_failures)
			path->fail_recorded++;
	}
	if (path->held) {
		path->held = false;
		DMWARN_LIMIT("%s: path %s failed again while held down",
			     dm_table_device_name(m->ti->table),
			     path->dev->name);
	}
}

/* Did @path fail hold_failures times within the window? */
static bool flapping(const struct mpath2_path *path)
{
	const struct mpath2 *m = mpath2_from_path(path);
	unsigned long since = jiffies - m->hold_window * HZ;
	unsigned int i;

	if (path->fail_recorded < m->hold_failures)
		return false;
	for (i = 0; i < m->hold_failures; i++)
		if (time_before(path->fail_times[i], since))
			return false;
	return true;
}

/*
 * Called under m->lock when @path is to be reinstated. Returns true if the
 * reinstatement must wait because the path is flapping.
 */
bool mpath2_hold_down_defer(struct mpath2_path *path)
{
	struct mpath2 *m = mpath2_from_path(path);

	lockdep_assert_held(&m->lock);
	if (!hold_down_enabled(m))
		return false;
	if (path->held)
		return true;	/* already waiting: the clock keeps running */
	if (!flapping(path))
		return false;

	path->held = true;
	path->held_since = jiffies;
	DMWARN_LIMIT("%s: path %s is flapping: holding it down for %u s",
		     dm_table_device_name(m->ti->table), path->dev->name,
		     m->hold_secs);
	queue_delayed_work(mpath2_wq, &m->hold_work, m->hold_secs * HZ);
	mpath2_trigger_event(m);
	return true;
}

/*
 * Reinstate held paths whose hold time is over; look again for the rest.
 * All under the lock: a fail_path that comes in meanwhile either cancels
 * the hold first or fails the reinstated path afterwards, never is lost.
 */
void mpath2_hold_down_work(struct work_struct *work)
{
	struct mpath2 *m = container_of(to_delayed_work(work), struct mpath2,
					hold_work);
	unsigned long hold = m->hold_secs * HZ, flags, next = 0;
	bool waiting = false;
	unsigned int g, p;

	spin_lock_irqsave(&m->lock, flags);
	for (g = 0; g < m->nr_pgs; g++) {
		for (p = 0; p < m->pgs[g].nr_paths; p++) {
			struct mpath2_path *path = &m->pgs[g].paths[p];
			unsigned long due = path->held_since + hold;

			if (!path->held)
				continue;
			if (time_after_eq(jiffies, due)) {
				/* It stayed up: forget the failures. */
				path->held = false;
				path->fail_recorded = 0;
				mpath2_reinstate_path_locked(m, path);
			} else if (!waiting || time_before(due, next)) {
				next = due;
				waiting = true;
			}
		}
	}
	if (waiting)
		queue_delayed_work(mpath2_wq, &m->hold_work,
				   time_after(next, jiffies) ? next - jiffies : 0);
	spin_unlock_irqrestore(&m->lock, flags);
}
