// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ALUA handler's work: each port's commands, and the map's poll that
 * acts on what they read. See alua.c for the design.
 *
 * Two kinds of work item, so that no port can stall another:
 *
 * - alua_port_work, one per path: sends that port's commands (an STPG
 *   when asked, then an RTPG), without any lock held, then records the
 *   answer under am->lock. A port whose device is blocked or offline gets
 *   no command at all. A command to a port that dies meanwhile keeps only
 *   its own work waiting; the work holds a reference on the handler's
 *   state (not on the map), so suspend, reload and remove never wait for
 *   it.
 * - alua_work, one per map: starts each poll round (one RTPG per logical
 *   unit, through whichever port answers), and decides: block and unblock
 *   paths, rank the groups and follow the best, hold I/O that has no
 *   usable path while a port may come back soon, give up on ports that
 *   transition for longer than the array allows, wake standby ports when
 *   I/O waits and nothing else is left. It never sends a command and
 *   never sleeps, so stopping it is always quick.
 *
 * am->lock (a spinlock: path errors come from bio completion) guards the
 * handler's state; it is taken before m->lock, never the other way.
 */
#include <linux/random.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <scsi/scsi_dh.h>

#include "../mpath2.h"
#include "alua.h"
#include "hw_handler.h"

#define DM_MSG_PREFIX "mpath2"

/* Rounds a path error's check may be answered by unit attentions. */
#define ALUA_CHECK_RETRIES	5
/* How long after a port was unusable its bios' errors are forgiven. */
#define ALUA_LATE_ERRORS	(5 * HZ)
/* While ports transition or checks run, the poll looks this often. */
#define ALUA_BUSY_POLL		HZ

static const char *map_name(const struct alua_map *am)
{
	return dm_table_device_name(am->m->ti->table);
}

/* Queue @ap's port work to do @want (on top of what it is asked already). */
void alua_want_locked(struct alua_path *ap, unsigned int want)
{
	struct alua_map *am = ap->am;

	lockdep_assert_held(&am->lock);
	if (am->stopped)
		return;
	ap->want |= want;
	if (!ap->queued) {
		ap->queued = true;
		kref_get(&am->ref);
		queue_work(mpath2_wq, &ap->work);
	}
}

/* Run the poll's decisions now. */
void alua_tick_now_locked(struct alua_map *am)
{
	lockdep_assert_held(&am->lock);
	if (am->stopped)
		return;
	am->tick_at = jiffies;
	mod_delayed_work(mpath2_wq, &am->work, 0);
}

/* Hold I/O that finds no usable path; bounded by hold_end. */
void alua_hold_locked(struct alua_map *am)
{
	lockdep_assert_held(&am->lock);
	if (am->stopped || am->holding || am->hold_expired)
		return;
	am->holding = true;
	am->hold_end = jiffies + alua_hold_limit(am);
	mpath2_set_hw_holding(am->m, true);
}

/* Is the port's group being activated, or about to be? */
static bool group_activating(const struct alua_map *am, u16 group)
{
	unsigned int i;

	for (i = 0; i < am->nr_paths; i++) {
		const struct alua_path *p = &am->paths[i];

		if (has_alua(p) && p->port_known && p->port.group == group &&
		    ((p->want | p->inflight) & ALUA_WANT_STPG))
			return true;
	}
	return false;
}

/* Ask for @ap's group to be activated, once however many paths lead there. */
void alua_want_stpg_locked(struct alua_path *ap)
{
	if (!group_activating(ap->am, ap->port.group)) {
		/* Standby wake-ups wait their turn after any activation. */
		ap->am->next_wake = jiffies + ALUA_WAKE_INTERVAL;
		alua_want_locked(ap, ALUA_WANT_STPG);
	}
}

/* A sense answer that itself says which state the port is in. */
static bool sense_state(struct alua_path *ap, enum alua_sense s)
{
	switch (s) {
	case ALUA_SENSE_TRANSITIONING:
		ap->state = ALUA_STATE_TRANSITIONING;
		break;
	case ALUA_SENSE_STANDBY:
		ap->state = ALUA_STATE_STANDBY;
		break;
	case ALUA_SENSE_UNAVAILABLE:
		ap->state = ALUA_STATE_UNAVAILABLE;
		break;
	default:
		return false;
	}
	ap->state_known = true;
	return true;
}

/*
 * With scsi_dh_alua attached, its copy of the state is what the SCSI
 * layer enforces: a port it still sees in standby, unavailable or offline
 * fails I/O whatever the array says now (transitioning it lets through).
 * Such a port is as unusable as scsi_dh_alua says until they agree. Only
 * where the array says optimized is scsi_dh_alua asked to activate (which
 * reads the states again, and sends no STPG to an optimized group): for
 * an active/non-optimized port its activation would promote the group,
 * inviting a fight over the optimized one.
 */
static u8 enforced_state(struct alua_map *am, struct alua_path *p, u8 state)
{
	u8 dh;

	if (!p->kernel_dh || !alua_state_usable(state))
		return state;
	dh = am->ops->dh_state(p);
	if (dh != ALUA_STATE_STANDBY && dh != ALUA_STATE_UNAVAILABLE &&
	    dh != ALUA_STATE_OFFLINE)
		return state;
	if (state == ALUA_STATE_OPTIMIZED && !am->no_stpg)
		alua_want_stpg_locked(p);
	return dh;
}

/* One RTPG answer, through any port: the states of every path it names. */
static void merge_states(struct alua_map *am, const struct alua_rtpg *rtpg)
{
	unsigned int i;

	am->transition_secs = rtpg->transition_secs;
	for (i = 0; i < am->nr_paths; i++) {
		struct alua_path *p = &am->paths[i];
		const struct alua_tpg *tpg;

		if (!has_alua(p) || !p->port_known)
			continue;
		tpg = alua_find_tpg(rtpg, p->port.group);
		if (!tpg)
			continue;
		p->state = enforced_state(am, p, tpg->state);
		p->pref = tpg->pref;
		p->supported = tpg->supported;
		p->state_known = true;
		p->fresh = am->round;
	}
}

/*
 * A bio failed on @ap (its path is blocked meanwhile) and its port was
 * asked: was it the array's state? Fail the path unless the state
 * explains the error.
 */
static void check_answered(struct alua_map *am, struct alua_path *ap,
			   enum alua_sense s)
{
	if (s == ALUA_SENSE_OK && ap->state_known &&
	    !alua_state_usable(ap->state) && ap->state != ALUA_STATE_OFFLINE)
		return;		/* standby, unavailable...: stays blocked */
	if (sense_state(ap, s))
		return;
	/*
	 * Bios sent before the array made the port usable again (an STPG,
	 * a transition's end) may still fail afterwards: not the path's
	 * fault for a short while.
	 */
	if (s == ALUA_SENSE_OK && ap->state_known && ap->unusable_seen &&
	    time_before(jiffies, ap->unusable_seen + ALUA_LATE_ERRORS))
		return;
	if ((s == ALUA_SENSE_RETRY || s == ALUA_SENSE_BUSY) &&
	    ++ap->check_retries < ALUA_CHECK_RETRIES) {
		alua_want_locked(ap, ALUA_WANT_CHECK);	/* ask again */
		return;
	}
	/*
	 * No answer, or the port is usable and the I/O failed anyway: a
	 * path failure like any other (the checker reinstates it).
	 */
	DMWARN_LIMIT("alua: %s: I/O failed, port %s (%d): failing the path",
		     ap->name, ap->state_known ?
		     alua_state_name(ap->state) : "unknown", s);
	ap->check_retries = 0;
	mpath2_fail_path(ap->path);
}

/* The port work's answer, under am->lock. */
static void port_answered(struct alua_map *am, struct alua_path *ap,
			  unsigned int did, enum alua_sense s,
			  enum alua_sense stpg, const struct alua_port_id *port)
{
	if (port) {
		ap->port = *port;
		ap->port_known = true;
	}
	if (did & ALUA_WANT_STPG && stpg != ALUA_SENSE_OK)
		DMWARN_LIMIT("alua: %s: activating port group %u answered %d; the states decide",
			     ap->name, ap->port.group, stpg);
	if (s == ALUA_SENSE_OK) {
		merge_states(am, ap->rtpg);
		ap->read_retries = 0;
	} else if (did & ALUA_WANT_CHECK || sense_state(ap, s)) {
		/* check_answered() judges it; or the answer was a state. */
	} else if (!ap->state_known && (s == ALUA_SENSE_UNSUPPORTED ||
					 s == ALUA_SENSE_REFUSED)) {
		/* TPGS set, but no usable RTPG: a port without ALUA. */
		DMWARN_LIMIT("alua: %s: RTPG refused (%d), using the path without ALUA",
			     ap->name, s);
		WRITE_ONCE(ap->tpgs, 0);
		mpath2_unblock_path(ap->path);
	} else if ((s == ALUA_SENSE_RETRY || s == ALUA_SENSE_BUSY) &&
		   ++ap->read_retries < ALUA_CHECK_RETRIES) {
		alua_want_locked(ap, ALUA_WANT_READ);	/* ask again */
	} else if (READ_ONCE(ap->path->blocked)) {
		/*
		 * A port that was out of use and does not answer either:
		 * failed, so that the checker, not the array, brings it back.
		 */
		DMWARN_LIMIT("alua: %s: port does not answer (%d), failing the path",
			     ap->name, s);
		ap->read_retries = 0;
		mpath2_fail_path(ap->path);
	}
	if (did & ALUA_WANT_CHECK)
		check_answered(am, ap, s);
	else
		ap->check_retries = 0;
}

/* Ask the next port whose group this poll round has not heard of. */
static void poll_next(struct alua_map *am)
{
	struct alua_path *pick = NULL;
	unsigned int i;

	for (i = 0; i < am->nr_paths; i++) {
		struct alua_path *p = &am->paths[i];

		if (!has_alua(p) || !p->port_known)
			continue;
		if ((p->want | p->inflight) & ALUA_WANT_READ)
			return;		/* one RTPG at a time per round */
		if (p->fresh == am->round || p->asked == am->round)
			continue;
		/* Through ports that may answer: not failed, not blocked. */
		if (!mpath2_path_usable(p->path) && !READ_ONCE(p->path->blocked))
			continue;
		if (!am->ops->ready(p))
			continue;
		if (!pick || (mpath2_path_usable(p->path) &&
			      !mpath2_path_usable(pick->path)))
			pick = p;
	}
	if (pick) {
		pick->asked = am->round;
		alua_want_locked(pick, ALUA_WANT_READ);
	}
}

/* Send @ap's commands for @want (an STPG to @target first) and record. */
static void port_commands(struct alua_map *am, struct alua_path *ap,
			  unsigned int want, u8 target)
{
	enum alua_sense s = ALUA_SENSE_PATH_ERROR, stpg = ALUA_SENSE_OK;
	struct alua_port_id port, *new_port = NULL;
	bool port_changed = false;
	unsigned int noio;

	/* I/O may wait on this work: its allocations must not. */
	noio = memalloc_noio_save();
	/* scsi_dh_alua may have attached since the table was loaded. */
	WRITE_ONCE(ap->kernel_dh, am->ops->kernel_dh(ap));
	if (am->ops->ready(ap)) {
		if ((want & ALUA_WANT_PORT) &&
		    !am->ops->read_port(ap, true, &port))
			new_port = &port;
		if ((want & ALUA_WANT_STPG) && ap->kernel_dh) {
			if (am->ops->dh_activate(ap) != SCSI_DH_OK)
				stpg = ALUA_SENSE_REFUSED;
		} else if (want & ALUA_WANT_STPG) {
			DMINFO("alua: activating port group %u through %s",
			       ap->port.group, ap->name);
			stpg = alua_stpg(ap, target, alua_stpg_timeout(am));
		}
		/* Whatever an STPG answered, the states tell. */
		s = alua_rtpg(ap, &port_changed);
		if (port_changed && !new_port &&
		    !am->ops->read_port(ap, true, &port))
			new_port = &port;
	}
	memalloc_noio_restore(noio);

	spin_lock_irq(&am->lock);
	ap->inflight = 0;
	if (!am->stopped) {
		port_answered(am, ap, want, s, stpg, new_port);
		poll_next(am);
		alua_decide_locked(am);
	}
	spin_unlock_irq(&am->lock);
}

void alua_port_work(struct work_struct *work)
{
	struct alua_path *ap = container_of(work, struct alua_path, work);
	struct alua_map *am = ap->am;
	unsigned int want;
	u8 target = 0;
	bool again;

	spin_lock_irq(&am->lock);
	want = am->stopped ? 0 : ap->want;
	ap->want = 0;
	ap->inflight = want;
	if (want & ALUA_WANT_STPG)
		target = alua_stpg_target(ap);
	spin_unlock_irq(&am->lock);

	if (want)
		port_commands(am, ap, want, target);

	spin_lock_irq(&am->lock);
	/* Asked again meanwhile: run again, with the same reference. */
	again = ap->want && !am->stopped;
	if (again) {
		queue_work(mpath2_wq, &ap->work);
	} else {
		ap->want = 0;
		ap->queued = false;
	}
	spin_unlock_irq(&am->lock);
	if (!again)
		alua_map_put(am);
}

/* Each group's priority: the best of its ports'. */
void alua_rank_groups(struct alua_map *am)
{
	struct mpath2 *m = am->m;
	unsigned long flags;
	unsigned int g;

	spin_lock_irqsave(&m->lock, flags);
	for (g = 0; g < m->nr_pgs; g++) {
		struct mpath2_pg *pg = &m->pgs[g];
		unsigned int p, prio = 0;

		for (p = 0; p < pg->nr_paths; p++) {
			struct alua_path *ap = pg->paths[p].hw_path;

			if (!has_alua(ap) || !ap->state_known)
				continue;
			prio = max(prio, alua_path_prio(ap->state, ap->pref,
							am->exclusive_pref));
		}
		pg->prio = prio;
	}
	spin_unlock_irqrestore(&m->lock, flags);
}

/* Does a usable path of the map lead to a better port than @ap's? */
bool alua_better_port(const struct alua_map *am, const struct alua_path *ap)
{
	unsigned int i, prio = alua_path_prio(ap->state, ap->pref,
					      am->exclusive_pref);

	for (i = 0; i < am->nr_paths; i++) {
		const struct alua_path *p = &am->paths[i];

		if (has_alua(p) && p->state_known && p != ap &&
		    alua_state_usable(p->state) &&
		    mpath2_path_usable(p->path) &&
		    alua_path_prio(p->state, p->pref, am->exclusive_pref) > prio)
			return true;
	}
	return false;
}

/*
 * Act on the states read: block and unblock paths, fail offline ones,
 * rank the groups and follow the best. Returns whether a port is
 * transitioning.
 */
static bool apply_states(struct alua_map *am)
{
	bool transitioning = false;
	unsigned int i;

	for (i = 0; i < am->nr_paths; i++) {
		struct alua_path *ap = &am->paths[i];

		if (!has_alua(ap) || !ap->state_known)
			continue;
		if (alua_state_usable(ap->state)) {
			mpath2_unblock_path(ap->path);
			continue;
		}
		ap->unusable_seen = jiffies ?: 1;
		if (ap->state == ALUA_STATE_OFFLINE) {
			/* Offline needs someone at the array: a failure. */
			mpath2_fail_path(ap->path);
			continue;
		}
		mpath2_block_path(ap->path);
		/* A failed path's port may transition: nothing waits on it. */
		if (ap->state == ALUA_STATE_TRANSITIONING &&
		    READ_ONCE(ap->path->blocked))
			transitioning = true;
	}

	alua_rank_groups(am);
	mpath2_follow_best_group(am->m);
	return transitioning;
}

/* Ports transitioning for longer than the array allows have failed. */
static bool transition_over(struct alua_map *am, bool transitioning)
{
	unsigned int secs = am->transition_secs ?: ALUA_TRANSITION_SECS;
	unsigned int i;

	if (!transitioning) {
		am->transition_end = 0;
		return false;
	}
	if (!am->transition_end) {
		am->transition_end = (jiffies + secs * HZ) ?: 1;
		return false;
	}
	if (time_before(jiffies, am->transition_end))
		return false;
	DMWARN_LIMIT("%s: ports still transitioning after %u s, failing them",
		     map_name(am), secs);
	for (i = 0; i < am->nr_paths; i++) {
		struct alua_path *ap = &am->paths[i];

		if (has_alua(ap) && ap->state_known &&
		    ap->state == ALUA_STATE_TRANSITIONING) {
			ap->state_known = false;
			mpath2_fail_path(ap->path);
		}
	}
	am->transition_end = 0;
	return true;
}

/*
 * Is the handler finding something out that may give I/O a path soon?
 * A check or an activation under way, a port not read yet whose path
 * was blocked for it, or a port that may be woken.
 */
static bool finding_out(const struct alua_map *am)
{
	unsigned int i;

	for (i = 0; i < am->nr_paths; i++) {
		const struct alua_path *p = &am->paths[i];
		unsigned int asked = p->want | p->inflight;

		if (asked & (ALUA_WANT_CHECK | ALUA_WANT_STPG))
			return true;
		if ((asked & ALUA_WANT_READ) && !p->state_known)
			return true;
	}
	return false;
}

/*
 * Decide, after any answer or poll tick: act on the states, wait out
 * transitions, hold or release I/O, and plan the next tick.
 */
void alua_decide_locked(struct alua_map *am)
{
	unsigned long next = 0;
	bool transitioning, hold;

	lockdep_assert_held(&am->lock);
	if (am->stopped)
		return;
	transitioning = apply_states(am);
	if (transition_over(am, transitioning))
		transitioning = false;
	alua_wake_standby_locked(am);

	/*
	 * Hold I/O that has no usable path while the handler may give it
	 * one soon, bounded: the clock runs while I/O waits, and once it
	 * runs out, waiting I/O is let go (it fails, or waits for a path as
	 * queue_if_no_path says); I/O that comes later waits afresh.
	 */
	hold = transitioning || finding_out(am) || alua_wakeable(am);
	if (am->holding && !mpath2_io_waiting(am->m))
		am->hold_end = jiffies + alua_hold_limit(am);
	if (!hold) {
		am->hold_expired = false;
	} else if (am->holding && time_after(jiffies, am->hold_end)) {
		DMWARN_LIMIT("%s: the array did not settle in %u s, no longer holding I/O",
			     map_name(am), alua_hold_limit(am) / HZ);
		am->hold_expired = true;
	}
	if (hold && !am->hold_expired) {
		alua_hold_locked(am);
	} else if (am->holding) {
		am->holding = false;
		mpath2_set_hw_holding(am->m, false);
	}

	if (transitioning || finding_out(am) || am->holding)
		next = ALUA_BUSY_POLL;
	else if (am->polling && am->poll_secs)
		next = time_after(am->next_poll, jiffies) ?
		       am->next_poll - jiffies : 0;
	else
		return;
	/* Sooner than planned, or not planned: (re)arm; never postpone. */
	if (!delayed_work_pending(&am->work) ||
	    time_before(jiffies + next, am->tick_at)) {
		am->tick_at = jiffies + next;
		mod_delayed_work(mpath2_wq, &am->work, next);
	}
}

/* Is a port of a path in use transitioning? */
static bool transitions(const struct alua_map *am)
{
	unsigned int i;

	for (i = 0; i < am->nr_paths; i++) {
		const struct alua_path *p = &am->paths[i];

		if (has_alua(p) && p->state_known &&
		    p->state == ALUA_STATE_TRANSITIONING &&
		    READ_ONCE(p->path->blocked))
			return true;
	}
	return false;
}

/* The map's poll: starts each round and decides; never sends a command. */
void alua_work(struct work_struct *work)
{
	struct alua_map *am = container_of(to_delayed_work(work),
					   struct alua_map, work);
	unsigned long period;
	bool due;

	spin_lock_irq(&am->lock);
	if (am->stopped)
		goto out;
	due = am->polling && am->poll_secs &&
	      time_after_eq(jiffies, am->next_poll);
	if (due) {
		/* Maps polled apart, not in lock-step: up to 20% later. */
		period = am->poll_secs * HZ;
		am->next_poll = jiffies + period +
				get_random_u32() % (period / 5 + 1);
	}
	/*
	 * While a port transitions, its state is read every tick, polling
	 * or not: held I/O, and a flush suspend waiting for it, go on as
	 * soon as the transition ends.
	 */
	if (due || transitions(am))
		am->round++;
	poll_next(am);
	alua_decide_locked(am);
out:
	spin_unlock_irq(&am->lock);
}
