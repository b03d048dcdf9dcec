// SPDX-License-Identifier: GPL-2.0-only
/*
 * What happens to I/O while no path is usable.
 *
 * Without queue_if_no_path, mpath2 fails it with EIO at once (multipath.conf's
 * no_path_retry fail). With it, bios are held on m->queued and mapped again,
 * in order, as soon as a path is reinstated. Holding is bounded in three
 * ways, so that no task is ever stuck in D state for good:
 *
 *  - no_path_timeout <secs>: once no path has been usable for that long,
 *    held and new I/O fail with EIO until a path comes back, when queueing
 *    resumes for the next outage. This is no_path_retry enforced in the
 *    kernel, per map, whether or not a daemon is alive.
 *  - the fail_if_no_path message fails everything held.
 *  - a flush suspend (and so a table swap or a device removal) fails held
 *    I/O, since it must wait for all I/O; a noflush suspend hands held bios
 *    back to dm core, which resubmits them after resume. Only I/O held
 *    while the hardware handler checks a port (hw_holding, bounded by the
 *    array's transition time) waits through a flush suspend.
 */
#include "mpath2.h"

#define DM_MSG_PREFIX "mpath2"

static bool queueing(const struct mpath2 *m)
{
	lockdep_assert_held(&m->lock);
	if (m->queueing == MPATH2_QUEUE_EXPIRED)
		return false;
	/*
	 * The handler is finding out whether a port only transitions: hold,
	 * even through a flush suspend, which then waits for the verdict.
	 * The hold is bounded (the array's transition time), as is the
	 * wait of a request dm-multipath sends to a transitioning port,
	 * which the SCSI layer keeps until the port settles.
	 */
	if (m->hw_holding)
		return true;
	return m->queueing == MPATH2_QUEUE_HOLD;
}

/* Map the queued bios again (they find a path, are held again, or fail). */
void mpath2_kick_queue(struct mpath2 *m)
{
	queue_work(mpath2_io_wq, &m->queue_work);
}

/*
 * No usable path for @bio. Returns DM_MAPIO_SUBMITTED if it is held,
 * DM_MAPIO_REQUEUE to give it back to dm core during a noflush suspend,
 * DM_MAPIO_KILL to fail it.
 */
int mpath2_no_path(struct mpath2 *m, struct bio *bio)
{
	unsigned long flags;
	int r = DM_MAPIO_KILL;

	spin_lock_irqsave(&m->lock, flags);
	if (dm_noflush_suspending(m->ti)) {
		r = DM_MAPIO_REQUEUE;
	} else if (queueing(m)) {
		bio_list_add(&m->queued, bio);
		/* A path came back since the bio looked for one. */
		if (atomic_read(&m->nr_active))
			mpath2_kick_queue(m);
		r = DM_MAPIO_SUBMITTED;
	}
	spin_unlock_irqrestore(&m->lock, flags);

	if (r == DM_MAPIO_KILL)
		DMERR_LIMIT("%s: no usable path, failing I/O",
			    dm_table_device_name(m->ti->table));
	return r;
}

/* Is I/O held, waiting for a path? (For the handler's hold.) */
bool mpath2_io_waiting(struct mpath2 *m)
{
	unsigned long flags;
	bool waiting;

	spin_lock_irqsave(&m->lock, flags);
	waiting = !bio_list_empty(&m->queued);
	spin_unlock_irqrestore(&m->lock, flags);
	return waiting;
}

/* A bio failed on a path: map it again from the work item. */
void mpath2_requeue(struct mpath2 *m, struct bio *bio)
{
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	bio_list_add(&m->queued, bio);
	spin_unlock_irqrestore(&m->lock, flags);
	mpath2_kick_queue(m);
}

/* Start the countdown; one already running keeps its deadline. */
static void arm_no_path_timeout(struct mpath2 *m)
{
	lockdep_assert_held(&m->lock);
	if (m->queueing == MPATH2_QUEUE_HOLD && m->no_path_timeout)
		queue_delayed_work(mpath2_wq, &m->no_path_work,
				   m->no_path_timeout * HZ);
}

/*
 * Called under m->lock after a path failed or came back, with whether any
 * path was usable before the change.
 */
void mpath2_paths_changed(struct mpath2 *m, bool had_paths)
{
	bool has_paths = atomic_read(&m->nr_active);

	lockdep_assert_held(&m->lock);
	if (had_paths && !has_paths) {
		arm_no_path_timeout(m);
	} else if (!had_paths && has_paths) {
		cancel_delayed_work(&m->no_path_work);
		/* Transition EXPIRED -> HOLD: the next outage queues again. */
		if (m->queueing == MPATH2_QUEUE_EXPIRED)
			m->queueing = MPATH2_QUEUE_HOLD;
		if (!bio_list_empty(&m->queued))
			mpath2_kick_queue(m);
	}
}

void mpath2_no_path_work(struct work_struct *work)
{
	struct mpath2 *m = container_of(to_delayed_work(work), struct mpath2,
					no_path_work);
	unsigned long flags;
	bool expired = false;

	spin_lock_irqsave(&m->lock, flags);
	/* Transition HOLD -> EXPIRED. */
	if (m->queueing == MPATH2_QUEUE_HOLD && !atomic_read(&m->nr_active)) {
		m->queueing = MPATH2_QUEUE_EXPIRED;
		expired = true;
	}
	spin_unlock_irqrestore(&m->lock, flags);

	if (expired) {
		DMWARN("%s: no usable path for %u s, failing queued I/O",
		       dm_table_device_name(m->ti->table), m->no_path_timeout);
		mpath2_kick_queue(m);
		mpath2_trigger_event(m);
	}
}

/*
 * The queue_if_no_path and fail_if_no_path messages. Repeating
 * queue_if_no_path while queueing changes nothing, so a tool that resends
 * it cannot postpone no_path_timeout; sent after the timeout ran out, it
 * asks to queue again, with a new countdown.
 */
void mpath2_set_queue_if_no_path(struct mpath2 *m, bool queue)
{
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	if (!queue) {
		/* Transition any -> FAIL. */
		m->queueing = MPATH2_QUEUE_FAIL;
		cancel_delayed_work(&m->no_path_work);
	} else if (m->queueing == MPATH2_QUEUE_FAIL ||
		   m->queueing == MPATH2_QUEUE_EXPIRED) {
		/* Transitions FAIL, EXPIRED -> HOLD, with a new countdown. */
		m->queueing = MPATH2_QUEUE_HOLD;
		if (!atomic_read(&m->nr_active))
			arm_no_path_timeout(m);
	}
	spin_unlock_irqrestore(&m->lock, flags);

	/* Turning queueing off fails what is held. */
	if (!queue)
		mpath2_kick_queue(m);
	mpath2_trigger_event(m);
}

/*
 * Before a suspend, which waits for every bio mpath2 owns: a noflush
 * suspend gets held bios back as requeues, a flush suspend fails them.
 */
void mpath2_queue_presuspend(struct mpath2 *m)
{
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	/*
	 * Transition HOLD -> PAUSED. EXPIRED fails I/O already and stays
	 * EXPIRED: a suspend does not restart an expired countdown.
	 */
	if (!dm_noflush_suspending(m->ti) && m->queueing == MPATH2_QUEUE_HOLD)
		m->queueing = MPATH2_QUEUE_PAUSED;
	spin_unlock_irqrestore(&m->lock, flags);
	mpath2_kick_queue(m);
}

void mpath2_queue_resume(struct mpath2 *m)
{
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	/* Transition PAUSED -> HOLD. */
	if (m->queueing == MPATH2_QUEUE_PAUSED)
		m->queueing = MPATH2_QUEUE_HOLD;
	/*
	 * A table that comes in with no usable path (no groups, or loaded
	 * after the last path went) never sees paths_changed() lose its
	 * last path: start the countdown here.
	 */
	if (!atomic_read(&m->nr_active))
		arm_no_path_timeout(m);
	spin_unlock_irqrestore(&m->lock, flags);
	mpath2_kick_queue(m);
}
