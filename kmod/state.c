// SPDX-License-Identifier: GPL-2.0-only
/*
 * Path and priority group state: the slow path of mpath2.
 *
 * Everything here runs under m->lock and publishes what the lock-free I/O
 * path reads (m->current_pg, path->active) with WRITE_ONCE(). A path error
 * seen by end_io fails the path here; messages fail and reinstate paths
 * and switch, disable or enable groups. A reinstated path may be held back
 * (holddown.c) or bring I/O back to its group (failback.c). Userspace
 * learns of every change through a dm table event, raised from a work item
 * because dm_table_event() may sleep.
 */
#include "compat.h"
#include "hw_handlers/hw_handler.h"
#include "mpath2.h"

#define DM_MSG_PREFIX "mpath2"

static bool pg_usable(const struct mpath2_pg *pg)
{
	return pg && pg->nr_active;
}

/*
 * The best usable group, bypassed ones (disable_group, a busy array) only
 * if @bypassed: the first in table order, or with a handler that ranks
 * groups the highest priority (mpath2_pg_better()). The one ranking that
 * the slow path, the handler's re-ranking and failback all use.
 */
struct mpath2_pg *mpath2_best_group_locked(struct mpath2 *m, bool bypassed)
{
	struct mpath2_pg *pg, *best = NULL;
	unsigned int i;

	lockdep_assert_held(&m->lock);
	for (i = 0; i < m->nr_pgs; i++) {
		pg = &m->pgs[i];
		if (!pg_usable(pg) || (pg->bypassed && !bypassed))
			continue;
		if (!best || (pg->bypassed == best->bypassed ?
			      mpath2_pg_better(pg, best) : !pg->bypassed))
			best = pg;
	}
	return best;
}

/*
 * Pick the group I/O should go to. Like dm-multipath, the current group is
 * kept while it has a usable path; otherwise a requested group wins, then
 * the best usable group that is not bypassed, and only then a bypassed
 * one, rather than failing I/O.
 */
static struct mpath2_pg *choose_group_locked(struct mpath2 *m)
{
	struct mpath2_pg *pg;

	lockdep_assert_held(&m->lock);

	if (m->next_pg) {
		pg = m->next_pg;
		m->next_pg = NULL;
		if (pg_usable(pg))
			return pg;
	}
	if (pg_usable(m->current_pg) && !m->current_pg->bypassed)
		return m->current_pg;
	return mpath2_best_group_locked(m, true);
}

/*
 * Called when the lock-free lookup found no group or no usable path in it:
 * choose again under the lock and select from the chosen group.
 */
struct mpath2_path *mpath2_select_slow(struct mpath2 *m, size_t nr_bytes)
{
	struct mpath2_path *path = NULL;
	struct mpath2_pg *pg;
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	pg = choose_group_locked(m);
	if (pg != m->current_pg || m->pg_init_state == MPATH2_PG_INIT_UNCHOSEN)
		mpath2_pg_init_start_locked(m, pg);
	/* pg_init's state is visible before the group: see io.c. */
	smp_store_release(&m->current_pg, pg);
	if (pg)
		path = pg->ps.type->select_path(&pg->ps, nr_bytes);
	spin_unlock_irqrestore(&m->lock, flags);
	return path;
}

void mpath2_trigger_event(struct mpath2 *m)
{
	queue_work(mpath2_wq, &m->event_work);
}

void mpath2_event_work(struct work_struct *work)
{
	struct mpath2 *m = container_of(work, struct mpath2, event_work);

	dm_table_event(m->ti->table);
}

/* Take @path out of use; the caller has said why. */
static void path_deactivate(struct mpath2 *m, struct mpath2_path *path)
{
	struct mpath2_pg *pg = path->pg;
	bool had_paths = atomic_read(&m->nr_active);

	lockdep_assert_held(&m->lock);
	WRITE_ONCE(path->active, false);
	pg->nr_active--;
	atomic_dec(&m->nr_active);
	if (pg->ps.type->fail_path)
		pg->ps.type->fail_path(&pg->ps, path);
	/* The next bio chooses a group again. */
	if (m->current_pg == pg && !pg->nr_active)
		WRITE_ONCE(m->current_pg, NULL);
	mpath2_paths_changed(m, had_paths);
	/* Sent with the table event, as dm-multipath's are. */
	MPATH2_PATH_UEVENT(true, m->ti, path->dev->name,
			   atomic_read(&m->nr_active));
	mpath2_trigger_event(m);
}

/* Put @path back in use. */
static void path_activate(struct mpath2 *m, struct mpath2_path *path)
{
	struct mpath2_pg *pg = path->pg;
	bool had_paths = atomic_read(&m->nr_active);

	lockdep_assert_held(&m->lock);
	if (pg->ps.type->reinstate_path)
		pg->ps.type->reinstate_path(&pg->ps, path);
	WRITE_ONCE(path->active, true);
	pg->nr_active++;
	atomic_inc(&m->nr_active);
	mpath2_paths_changed(m, had_paths);
	mpath2_failback_path_returned(path, pg->nr_active == 1);
	MPATH2_PATH_UEVENT(false, m->ti, path->dev->name,
			   atomic_read(&m->nr_active));
	mpath2_trigger_event(m);
}

/*
 * A bio failed on @path with a path error (end_io, maybe in interrupt
 * context). The hardware handler may know better, e.g. that the port is
 * only in standby; otherwise the path fails.
 */
void mpath2_path_error(struct mpath2 *m, struct mpath2_path *path)
{
	if (m->hw && m->hw->path_error && m->hw->path_error(m, path))
		return;
	mpath2_fail_path(path);
}

/*
 * The path failed (I/O error, fail_path message, handler). A path the
 * array had blocked now counts as failed: it stays out until reinstated.
 */
void mpath2_fail_path_locked(struct mpath2 *m, struct mpath2_path *path)
{
	lockdep_assert_held(&m->lock);
	mpath2_hold_down_failed(path);
	if (path->active || path->blocked) {
		DMWARN_LIMIT("%s: Failing path %s.",
			     dm_table_device_name(m->ti->table),
			     path->dev->name);
		path->fail_count++;
		if (path->active)
			path_deactivate(m, path);
		else
			mpath2_trigger_event(m);
		path->blocked = false;
	}
}

void mpath2_fail_path(struct mpath2_path *path)
{
	struct mpath2 *m = mpath2_from_path(path);
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	mpath2_fail_path_locked(m, path);
	spin_unlock_irqrestore(&m->lock, flags);
}

/*
 * reinstate_path (the checker's word that the path answers), or hold_down's
 * deferred reinstatement. A path the array blocked stays blocked: a port
 * in standby answers TEST UNIT READY too, and only the handler, which asks
 * the array, may say it takes I/O again (mpath2_unblock_path()).
 */
void mpath2_reinstate_path_locked(struct mpath2 *m, struct mpath2_path *path)
{
	lockdep_assert_held(&m->lock);
	if (path->active || path->blocked || mpath2_hold_down_defer(path))
		return;
	DMWARN("%s: Reinstating path %s.",
	       dm_table_device_name(m->ti->table), path->dev->name);
	path_activate(m, path);
}

void mpath2_reinstate_path(struct mpath2_path *path)
{
	struct mpath2 *m = mpath2_from_path(path);
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	mpath2_reinstate_path_locked(m, path);
	spin_unlock_irqrestore(&m->lock, flags);
}

/*
 * The array forbids I/O through @path for now (hardware handler): out of
 * use, but neither a failure nor a flap. Only a usable path is blocked; a
 * failed one stays failed.
 */
void mpath2_block_path(struct mpath2_path *path)
{
	struct mpath2 *m = mpath2_from_path(path);
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	if (path->active) {
		DMWARN_LIMIT("%s: path %s unusable by the array's state",
			     dm_table_device_name(m->ti->table),
			     path->dev->name);
		path->blocked = true;
		path_deactivate(m, path);
	}
	spin_unlock_irqrestore(&m->lock, flags);
}

/* The array allows I/O through a path it had blocked again. */
void mpath2_unblock_path(struct mpath2_path *path)
{
	struct mpath2 *m = mpath2_from_path(path);
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	if (path->blocked && !path->active) {
		DMINFO("%s: path %s usable again by the array's state",
		       dm_table_device_name(m->ti->table), path->dev->name);
		path->blocked = false;
		path_activate(m, path);
	}
	spin_unlock_irqrestore(&m->lock, flags);
}

/*
 * The handler's priorities changed: if a better usable group than the
 * current one exists now, move I/O there (the array has moved its
 * optimized ports). Independent of failback, which is about paths that
 * return: here the array itself says where I/O belongs.
 */
void mpath2_follow_best_group(struct mpath2 *m)
{
	struct mpath2_pg *cur, *best;
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	cur = m->current_pg;
	best = mpath2_best_group_locked(m, false);
	if (cur && best && best != cur && mpath2_pg_better(best, cur)) {
		DMINFO("%s: following the array to group %u (priority %u)",
		       dm_table_device_name(m->ti->table), best->num,
		       best->prio);
		m->next_pg = best;
		WRITE_ONCE(m->current_pg, NULL);
		mpath2_trigger_event(m);
	}
	spin_unlock_irqrestore(&m->lock, flags);
}

/*
 * While the handler checks a path's port, I/O that finds no usable path
 * waits instead of failing: the port may only be transitioning.
 */
void mpath2_set_hw_holding(struct mpath2 *m, bool hold)
{
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	m->hw_holding = hold;
	if (!hold && !bio_list_empty(&m->queued))
		mpath2_kick_queue(m);
	spin_unlock_irqrestore(&m->lock, flags);
}

static struct mpath2_pg *group_by_num(struct mpath2 *m, unsigned int num)
{
	if (!num || num > m->nr_pgs)
		return NULL;
	return &m->pgs[num - 1];
}

/* switch_group: use group @num for the next I/O and clear every bypass. */
int mpath2_switch_group(struct mpath2 *m, unsigned int num)
{
	struct mpath2_pg *pg = group_by_num(m, num);
	unsigned long flags;
	unsigned int i;

	if (!pg) {
		DMWARN("invalid PG number supplied to switch_group");
		return -EINVAL;
	}
	spin_lock_irqsave(&m->lock, flags);
	for (i = 0; i < m->nr_pgs; i++)
		m->pgs[i].bypassed = false;
	m->next_pg = pg;
	WRITE_ONCE(m->current_pg, NULL);
	spin_unlock_irqrestore(&m->lock, flags);
	mpath2_trigger_event(m);
	return 0;
}

/* disable_group / enable_group: avoid group @num unless nothing else works. */
int mpath2_bypass_group(struct mpath2 *m, unsigned int num, bool bypass)
{
	struct mpath2_pg *pg = group_by_num(m, num);
	unsigned long flags;

	if (!pg) {
		DMWARN("invalid PG number supplied to %s_group",
		       bypass ? "disable" : "enable");
		return -EINVAL;
	}
	spin_lock_irqsave(&m->lock, flags);
	pg->bypassed = bypass;
	/*
	 * Choose again, so that a disabled group is left and an enabled one
	 * is found in its table-order place.
	 */
	WRITE_ONCE(m->current_pg, NULL);
	spin_unlock_irqrestore(&m->lock, flags);
	mpath2_trigger_event(m);
	return 0;
}
