// SPDX-License-Identifier: GPL-2.0-only
/*
 * pg_init: making a priority group ready before I/O goes to it.
 *
 * With a hardware handler in the table, every time I/O moves to a group
 * (the first bio, a failover, switch_group, failback) the handler's
 * activate() runs for each usable path of the group, from a work item.
 * Until it is done, m->queue_io is set: map holds bios on m->queued (the
 * queue work resubmits them afterwards), and status shows queue_io 1.
 *
 * Outcome, as in dm-multipath: a ready path ends the init; a retry asks
 * for another round after pg_init_delay_msecs (2000 ms unless set), at
 * most pg_init_retries times, after which the group's paths are failed;
 * a busy array bypasses the group; a failed activation fails that path; a
 * port the array keeps from I/O (standby, unavailable) is blocked, not
 * failed, and a group left with only such ports is left for another.
 * Suspends never wait for an init that may retry for minutes: presuspend
 * stops it and lets held I/O go (resume starts it again).
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

/*
 * I/O moves to @pg: start its init. Called under m->lock before @pg is
 * published as the current group, so no bio reaches it uninitialised.
 */
void mpath2_pg_init_start(struct mpath2 *m, struct mpath2_pg *pg)
{
	lockdep_assert_held(&m->lock);
	if (!m->hw || !pg)
		return;
	m->pg_init_count = 0;
	WRITE_ONCE(m->queue_io, true);
	if (m->pg_init_stopped)
		return;		/* suspending: resume starts it */
	mod_delayed_work(mpath2_wq, &m->pg_init_work, 0);
}

/*
 * map found m->queue_io set: hold @bio until the init is done (or give it
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
		if (!m->queue_io)
			mpath2_kick_queue(m);
	}
	spin_unlock_irqrestore(&m->lock, flags);
	return r;
}

/* The init is over (whatever its outcome): release held I/O. */
static void pg_init_done(struct mpath2 *m)
{
	lockdep_assert_held(&m->lock);
	WRITE_ONCE(m->queue_io, false);
	mpath2_kick_queue(m);
	mpath2_trigger_event(m);
}

/* Leave @pg for another group: the next bio chooses (and inits) again. */
static void leave_group(struct mpath2 *m, struct mpath2_pg *pg)
{
	lockdep_assert_held(&m->lock);
	if (m->current_pg == pg)
		WRITE_ONCE(m->current_pg, NULL);
	pg_init_done(m);
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
	if (!pg || !m->queue_io || m->pg_init_stopped) {
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
	if (!m->queue_io) {
		/* A suspend let held I/O go meanwhile. */
	} else if (m->current_pg != pg) {
		/*
		 * The group lost its last usable path meanwhile (this round
		 * failed or blocked it): let held I/O choose again. If another
		 * group was chosen instead, its own init runs.
		 */
		if (!m->current_pg)
			pg_init_done(m);
	} else if (ready) {
		pg_init_done(m);
	} else if (busy) {
		DMWARN_LIMIT("%s: group %u is busy, trying another",
			     dm_table_device_name(m->ti->table), pg->num);
		pg->bypassed = true;
		leave_group(m, pg);
	} else if (retry && count <= m->pg_init_retries) {
		queue_delayed_work(mpath2_wq, &m->pg_init_work,
				   pg_init_delay(m));
	} else if (blocked && !retry) {
		/* The array keeps the group's ports from I/O: choose again. */
		leave_group(m, pg);
	} else {
		spin_unlock_irqrestore(&m->lock, flags);
		if (retry)
			DMERR_LIMIT("%s: group %u not ready after %u tries, failing its paths",
				    dm_table_device_name(m->ti->table),
				    pg->num, count);
		for (i = 0; i < pg->nr_paths; i++)
			mpath2_fail_path(&pg->paths[i]);
		spin_lock_irqsave(&m->lock, flags);
		leave_group(m, pg);
	}
	spin_unlock_irqrestore(&m->lock, flags);
}

/* Before a suspend: stop initialising and let held I/O go. */
void mpath2_pg_init_stop(struct mpath2 *m)
{
	unsigned long flags;

	if (!m->hw)
		return;
	spin_lock_irqsave(&m->lock, flags);
	m->pg_init_stopped = true;
	spin_unlock_irqrestore(&m->lock, flags);
	cancel_delayed_work_sync(&m->pg_init_work);

	spin_lock_irqsave(&m->lock, flags);
	if (m->queue_io) {
		/* Held I/O goes out uninitialised; resume inits again. */
		m->pg_init_again = true;
		pg_init_done(m);
	}
	spin_unlock_irqrestore(&m->lock, flags);
}

/* A resume, or a suspend given up: initialise again if one was cut short. */
void mpath2_pg_init_restart(struct mpath2 *m)
{
	unsigned long flags;

	if (!m->hw)
		return;
	spin_lock_irqsave(&m->lock, flags);
	m->pg_init_stopped = false;
	if (m->pg_init_again) {
		m->pg_init_again = false;
		mpath2_pg_init_start(m, m->current_pg);
	}
	spin_unlock_irqrestore(&m->lock, flags);
}
