// SPDX-License-Identifier: GPL-2.0-only
/*
 * pg_init: making a priority group ready before I/O goes to it.
 *
 * With a hardware handler in the table, every time I/O moves to a group
 * (the first bio, a failover, switch_group, failback) the handler's
 * activate() runs for each usable path of the group, from a work item.
 * Until it is done, map holds bios on m->queued (the queue work resubmits
 * them afterwards), and status shows queue_io 1.
 *
 * Outcome of a round, as in dm-multipath: a ready path ends the init; a
 * retry asks for another round after pg_init_delay_msecs (2000 ms unless
 * set), at most pg_init_retries times, after which the group's usable
 * paths are failed; a busy array bypasses the group; a failed activation
 * fails that path; a port the array keeps from I/O (standby, unavailable)
 * is blocked, not failed, and a group left with only such ports is left
 * for another.
 *
 * State machine (m->pg_init_state, changed only under m->lock; "-" means
 * the event cannot happen in that state or changes nothing):
 *
 *   state    | start(pg)      | round over   | retry asked | stop      | restart
 *   ---------+----------------+--------------+-------------+-----------+-----------
 *   UNCHOSEN | as IDLE        | -            | -           | STOPPED   | -
 *   IDLE     | RUNNING, work  | -            | -           | STOPPED   | -
 *   RUNNING  | RUNNING, work  | IDLE, kick   | RUNNING,    | OWED,     | -
 *            | (count 0)      |              | work later  | kick      |
 *   STOPPED  | OWED           | -            | -           | -         | IDLE
 *   OWED     | OWED           | -            | -           | -         | RUNNING, work
 *
 *   UNCHOSEN   the table's state until the first bio looks for a path:
 *              nothing is held, but status shows queue_io 1, as
 *              dm-multipath's does from table load until then; the first
 *              start leaves it, with or without a handler
 *   start(pg)  I/O moves to group @pg (mpath2_select_slow()); start(NULL),
 *              no usable group, makes it IDLE (and a RUNNING init ends:
 *              kick)
 *   round over the work's round ended the init: ready, busy, blocked,
 *              given up, or the group was lost meanwhile
 *   stop       presuspend: held I/O goes out uninitialised, so that no
 *              suspend waits for an init that may retry for minutes
 *   restart    resume, or a suspend given up (presuspend_undo)
 *   kick       held bios are mapped again (mpath2_kick_queue())
 *
 * Only RUNNING holds I/O, and every way into it queues the work, so a
 * held bio always has a work item that will release it; a start while
 * stopped never holds (it records that resume owes an init instead).
 */
#include "hw_handlers/hw_handler.h"
#include "mpath2.h"

#define DM_MSG_PREFIX "mpath2"

static unsigned long pg_init_delay(const struct mpath2 *m)
{
	unsigned int ms = m->pg_init_delay_msecs;

	return msecs_to_jiffies(ms == MPATH2_PG_INIT_DELAY_DEFAULT ?
				MPATH2_PG_INIT_DELAY_MSECS : ms);
}

static void set_state_locked(struct mpath2 *m, enum mpath2_pg_init_state s)
{
	lockdep_assert_held(&m->lock);
	WRITE_ONCE(m->pg_init_state, s);
}

/* The init is over (whatever its outcome): release held I/O. */
static void pg_init_done_locked(struct mpath2 *m)
{
	set_state_locked(m, MPATH2_PG_INIT_IDLE);
	mpath2_kick_queue(m);
	mpath2_trigger_event(m);
}

/*
 * Event start(pg): I/O moves to @pg. Called under m->lock before @pg is
 * published as the current group, so no bio reaches it uninitialised.
 */
void mpath2_pg_init_start_locked(struct mpath2 *m, struct mpath2_pg *pg)
{
	lockdep_assert_held(&m->lock);
	if (!m->hw) {
		set_state_locked(m, MPATH2_PG_INIT_IDLE);
		return;
	}
	switch (m->pg_init_state) {
	case MPATH2_PG_INIT_UNCHOSEN:
	case MPATH2_PG_INIT_IDLE:
	case MPATH2_PG_INIT_RUNNING:
		if (!pg) {
			/* Nothing to ready: held I/O finds no path. */
			if (m->pg_init_state == MPATH2_PG_INIT_RUNNING)
				pg_init_done_locked(m);
			else
				set_state_locked(m, MPATH2_PG_INIT_IDLE);
			return;
		}
		m->pg_init_count = 0;
		set_state_locked(m, MPATH2_PG_INIT_RUNNING);
		mod_delayed_work(mpath2_wq, &m->pg_init_work, 0);
		break;
	case MPATH2_PG_INIT_STOPPED:
	case MPATH2_PG_INIT_OWED:
		/* Suspending: I/O goes on; resume readies the group. */
		set_state_locked(m, MPATH2_PG_INIT_OWED);
		break;
	}
}

/*
 * map found pg_init running: hold @bio until the init is done (or give it
 * back to dm core during a noflush suspend).
 */
int mpath2_pg_init_hold(struct mpath2 *m, struct bio *bio)
{
	unsigned long flags;
	int r = DM_MAPIO_SUBMITTED;

	spin_lock_irqsave(&m->lock, flags);
	if (dm_noflush_suspending(m->ti)) {
		r = DM_MAPIO_REQUEUE;
	} else {
		bio_list_add(&m->queued, bio);
		/* The init ended since map looked: map it again now. */
		if (m->pg_init_state != MPATH2_PG_INIT_RUNNING)
			mpath2_kick_queue(m);
	}
	spin_unlock_irqrestore(&m->lock, flags);
	return r;
}

/* Leave @pg for another group: the next bio chooses (and inits) again. */
static void leave_group_locked(struct mpath2 *m, struct mpath2_pg *pg)
{
	if (m->current_pg == pg)
		WRITE_ONCE(m->current_pg, NULL);
	pg_init_done_locked(m);
}

/* Event "round over" or "retry asked", for the round that readied @pg. */
static void round_over_locked(struct mpath2 *m, struct mpath2_pg *pg,
			      unsigned int count, unsigned int ready,
			      unsigned int retry, unsigned int busy,
			      unsigned int blocked)
{
	unsigned int i;

	lockdep_assert_held(&m->lock);
	if (m->pg_init_state != MPATH2_PG_INIT_RUNNING)
		return;		/* a suspend let held I/O go meanwhile */
	if (m->current_pg != pg) {
		/*
		 * The group lost its last usable path meanwhile (this round
		 * failed or blocked it): let held I/O choose again. If another
		 * group was chosen instead, its start queued its own round.
		 */
		if (!m->current_pg)
			pg_init_done_locked(m);
		return;
	}
	if (ready) {
		/* Usable after all: a disable_group no longer holds (as dm-multipath). */
		pg->bypassed = false;
		pg_init_done_locked(m);
	} else if (busy) {
		DMWARN_LIMIT("%s: group %u is busy, trying another",
			     dm_table_device_name(m->ti->table), pg->num);
		pg->bypassed = true;
		leave_group_locked(m, pg);
	} else if (retry && count <= m->pg_init_retries) {
		queue_delayed_work(mpath2_wq, &m->pg_init_work,
				   pg_init_delay(m));
	} else if (blocked && !retry) {
		/* The array keeps the group's ports from I/O: choose again. */
		leave_group_locked(m, pg);
	} else {
		if (retry)
			DMERR_LIMIT("%s: group %u not ready after %u tries, failing its paths",
				    dm_table_device_name(m->ti->table),
				    pg->num, count);
		/*
		 * Under the lock throughout, so no other group's init can
		 * start between these failures and the release. Ports the
		 * array blocked stay blocked: they did not fail.
		 */
		for (i = 0; i < pg->nr_paths; i++)
			if (pg->paths[i].active)
				mpath2_fail_path_locked(m, &pg->paths[i]);
		leave_group_locked(m, pg);
	}
}

void mpath2_pg_init_work(struct work_struct *work)
{
	struct mpath2 *m = container_of(to_delayed_work(work), struct mpath2,
					pg_init_work);
	unsigned int i, ready = 0, retry = 0, busy = 0, blocked = 0, count;
	unsigned long flags;
	struct mpath2_pg *pg;

	spin_lock_irqsave(&m->lock, flags);
	pg = m->current_pg;
	if (m->pg_init_state != MPATH2_PG_INIT_RUNNING) {
		spin_unlock_irqrestore(&m->lock, flags);
		return;
	}
	if (!pg) {
		/* The group went before its first round: choose again. */
		pg_init_done_locked(m);
		spin_unlock_irqrestore(&m->lock, flags);
		return;
	}
	count = ++m->pg_init_count;
	spin_unlock_irqrestore(&m->lock, flags);

	/* The group's paths never change; their state may, meanwhile. */
	for (i = 0; i < pg->nr_paths; i++) {
		struct mpath2_path *path = &pg->paths[i];

		if (!mpath2_path_usable(path))
			continue;
		switch (m->hw->activate(m, path)) {
		case MPATH2_HW_OK:
			ready++;
			break;
		case MPATH2_HW_RETRY:
			retry++;
			break;
		case MPATH2_HW_BUSY:
			busy++;
			break;
		case MPATH2_HW_BLOCKED:
			mpath2_block_path(path);
			blocked++;
			break;
		default:
			DMWARN_LIMIT("%s: %s could not activate path %s",
				     dm_table_device_name(m->ti->table),
				     m->hw->name, path->dev->name);
			mpath2_fail_path(path);
			break;
		}
	}

	spin_lock_irqsave(&m->lock, flags);
	round_over_locked(m, pg, count, ready, retry, busy, blocked);
	spin_unlock_irqrestore(&m->lock, flags);
}

/* Event stop: before a suspend, stop initialising and let held I/O go. */
void mpath2_pg_init_stop(struct mpath2 *m)
{
	unsigned long flags;

	if (!m->hw)
		return;
	spin_lock_irqsave(&m->lock, flags);
	switch (m->pg_init_state) {
	case MPATH2_PG_INIT_UNCHOSEN:
	case MPATH2_PG_INIT_IDLE:
		set_state_locked(m, MPATH2_PG_INIT_STOPPED);
		break;
	case MPATH2_PG_INIT_RUNNING:
		/* Held I/O goes out uninitialised; resume inits again. */
		set_state_locked(m, MPATH2_PG_INIT_OWED);
		mpath2_kick_queue(m);
		break;
	default:
		break;
	}
	spin_unlock_irqrestore(&m->lock, flags);
	/* A round under way sees it is no longer RUNNING and ends quietly. */
	cancel_delayed_work_sync(&m->pg_init_work);
}

/* Event restart: a resume, or a suspend given up. */
void mpath2_pg_init_restart(struct mpath2 *m)
{
	unsigned long flags;

	if (!m->hw)
		return;
	spin_lock_irqsave(&m->lock, flags);
	switch (m->pg_init_state) {
	case MPATH2_PG_INIT_STOPPED:
		set_state_locked(m, MPATH2_PG_INIT_IDLE);
		break;
	case MPATH2_PG_INIT_OWED:
		set_state_locked(m, MPATH2_PG_INIT_IDLE);
		mpath2_pg_init_start_locked(m, m->current_pg);
		break;
	default:
		break;
	}
	spin_unlock_irqrestore(&m->lock, flags);
}
