// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ALUA handler's view of the array: reading each port's state (RTPG,
 * or scsi_dh_alua's copy), acting on it (block, unblock, rank the groups,
 * follow the best one, wait out transitions, wake standby ports when
 * nothing else is left) and checking paths whose I/O failed. All of it
 * runs from the map's work item (alua_work), under the map's mutex.
 * See alua.c for the whole design.
 */
#include <linux/slab.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_proto.h>

#include "../mpath2.h"
#include "alua.h"
#include "hw_handler.h"

#define DM_MSG_PREFIX "mpath2"

/* Unit attentions answered in a row before giving up for this round. */
#define ALUA_UA_RETRIES		3
/* Rounds a path error's check may be answered by unit attentions. */
#define ALUA_CHECK_RETRIES	5
/* Rounds (1 s apart) I/O waits for woken standby ports to turn active. */
#define ALUA_WAKE_ROUNDS	5
/* How long after a port was unusable its bios' errors are forgiven. */
#define ALUA_LATE_ERRORS	(5 * HZ)

/* The state scsi_dh_alua keeps for the port. */
void alua_read_kernel_state(struct alua_path *ap)
{
	ap->state = READ_ONCE(ap->sdev->access_state) &
		    SCSI_ACCESS_STATE_MASK;
	ap->state_known = true;
}

/* Read the port group of @ap once (VPD 0x83); false if there is none. */
bool alua_know_port(struct alua_path *ap)
{
	int r;

	if (ap->port_known)
		return true;
	r = alua_read_port(ap->sdev, &ap->port);
	if (r)
		DMWARN_LIMIT("alua: no target port group for %s (VPD 0x83: %d)",
			     ap->path->dev->name, r);
	else
		ap->port_known = true;
	return ap->port_known;
}

/*
 * The states of every port group, through @ap: one RTPG answers for all
 * paths of the map (they reach the same logical unit). A path in kernel
 * mode reads its own device's state instead.
 */
enum alua_sense alua_read_states(struct alua_map *am, struct alua_path *ap)
{
	enum alua_sense s;
	unsigned int i, tries = 0;

	do {
		s = alua_rtpg(ap, am->buf, &am->rtpg);
	} while (s == ALUA_SENSE_RETRY && ++tries < ALUA_UA_RETRIES);
	if (s != ALUA_SENSE_OK) {
		DMWARN_LIMIT("alua: REPORT TARGET PORT GROUPS through %s failed (%d)",
			     ap->path->dev->name, s);
		return s;
	}

	for (i = 0; i < am->nr_paths; i++) {
		struct alua_path *p = &am->paths[i];
		const struct alua_tpg *tpg;

		if (!has_alua(p) || !alua_know_port(p))
			continue;
		tpg = alua_find_tpg(&am->rtpg, p->port.group);
		if (tpg) {
			p->state = tpg->state;
			p->state_known = true;
			set_bit(ALUA_PATH_FRESH, &p->flags);
		}
	}
	return ALUA_SENSE_OK;
}

/* A sense answer that itself says which state the port is in. */
bool alua_sense_state(struct alua_path *ap, enum alua_sense s)
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
 * A bio failed on @ap (its path is blocked meanwhile): was it the array's
 * state? Fail the path unless the port's state explains the error.
 */
static void check_path(struct alua_map *am, struct alua_path *ap)
{
	enum alua_sense s = alua_read_states(am, ap);

	if (alua_sense_state(ap, s))
		return;
	if (s == ALUA_SENSE_OK && ap->state_known &&
	    !alua_state_usable(ap->state))
		return;		/* standby, unavailable...: stays blocked */
	/*
	 * Bios sent before the array made the port usable again (an STPG,
	 * a transition's end) may still fail afterwards: not the path's
	 * fault for a short while.
	 */
	if (s == ALUA_SENSE_OK && ap->state_known && ap->unusable_seen &&
	    time_before(jiffies, ap->unusable_seen + ALUA_LATE_ERRORS))
		return;
	if (s == ALUA_SENSE_RETRY && ++ap->check_retries < ALUA_CHECK_RETRIES) {
		set_bit(ALUA_PATH_CHECK, &ap->flags);	/* ask again */
		return;
	}
	/*
	 * No answer, or the port is usable and the I/O failed anyway: a
	 * path failure like any other (the checker reinstates it).
	 */
	DMWARN_LIMIT("alua: %s: I/O failed, port %s (%d): failing the path",
		     ap->path->dev->name, ap->state_known ?
		     alua_state_name(ap->state) : "unknown", s);
	ap->check_retries = 0;
	mpath2_fail_path(ap->path);
}

/*
 * The regular poll: one RTPG through a path that answers usually tells
 * every port group's state. Arrays that report only the groups of the
 * port asked (scsi_debug does) get one through a path of each group left.
 */
void alua_poll_states(struct alua_map *am)
{
	unsigned int i;

	for (i = 0; i < am->nr_paths; i++)
		clear_bit(ALUA_PATH_FRESH, &am->paths[i].flags);
	for (i = 0; i < am->nr_paths; i++) {
		struct alua_path *ap = &am->paths[i];

		if (!has_alua(ap) || test_bit(ALUA_PATH_FRESH, &ap->flags))
			continue;
		if (!alua_know_port(ap) ||
		    (!mpath2_path_usable(ap->path) && !ap->path->blocked))
			continue;
		alua_read_states(am, ap);
	}
}

/* Each group's priority: the best of its ports'. */
void alua_rank_groups(struct mpath2 *m)
{
	unsigned long flags;
	unsigned int g;

	spin_lock_irqsave(&m->lock, flags);
	for (g = 0; g < m->nr_pgs; g++) {
		struct mpath2_pg *pg = &m->pgs[g];
		unsigned int p, prio = 0;

		for (p = 0; p < pg->nr_paths; p++) {
			struct alua_path *ap = pg->paths[p].hw_path;

			if (has_alua(ap) && ap->state_known)
				prio = max(prio, alua_state_prio(ap->state));
		}
		pg->prio = prio;
	}
	spin_unlock_irqrestore(&m->lock, flags);
}

/*
 * Act on the states read: block and unblock paths, rank the groups and
 * follow the best. Returns whether a port is transitioning.
 */
static bool apply_states(struct alua_map *am)
{
	struct mpath2 *m = am->m;
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
		/*
		 * A port that may come back soon (transitioning, or standby
		 * that wake_standby() may activate): I/O left without a path
		 * waits for this round to end rather than fail.
		 */
		if (ap->state == ALUA_STATE_TRANSITIONING ||
		    ap->state == ALUA_STATE_STANDBY)
			mpath2_set_hw_holding(m, true);
		mpath2_block_path(ap->path);
		if (ap->state == ALUA_STATE_TRANSITIONING)
			transitioning = true;
	}

	alua_rank_groups(m);
	mpath2_follow_best_group(m);
	return transitioning;
}

/* Ports transitioning for longer than the array allows have failed. */
static bool transition_over(struct alua_map *am, bool transitioning)
{
	unsigned int secs = am->rtpg.transition_secs ?: ALUA_TRANSITION_SECS;
	unsigned int i;

	if (!transitioning) {
		am->transition_end = 0;
		return false;
	}
	if (!am->transition_end) {
		am->transition_end = jiffies + secs * HZ;
		return false;
	}
	if (time_before(jiffies, am->transition_end))
		return false;
	DMWARN_LIMIT("%s: ports still transitioning after %u s, failing them",
		     dm_table_device_name(am->m->ti->table), secs);
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
 * No path is usable, but ports in standby are: wake one port group of
 * them (STPG, or scsi_dh_alua's activation in kernel mode) rather than
 * fail I/O. Returns whether it asked the array.
 */
static bool wake_standby(struct alua_map *am)
{
	unsigned int i;

	if (atomic_read(&am->m->nr_active) || am->no_stpg)
		return false;
	for (i = 0; i < am->nr_paths; i++) {
		struct alua_path *ap = &am->paths[i];

		if (!has_alua(ap) || !ap->state_known ||
		    ap->state != ALUA_STATE_STANDBY ||
		    !(ap->tpgs & ALUA_TPGS_EXPLICIT))
			continue;
		DMINFO("%s: no usable path, activating standby port group %u through %s",
		       dm_table_device_name(am->m->ti->table), ap->port.group,
		       ap->path->dev->name);
		if (ap->kernel_dh) {
			alua_activate_kernel(am, ap);
		} else {
			alua_stpg(ap, ap->port.group);
			/* Whatever STPG answered, the states tell. */
			alua_read_states(am, ap);
		}
		return true;
	}
	return false;
}

void alua_work(struct work_struct *work)
{
	struct alua_map *am = container_of(to_delayed_work(work),
					   struct alua_map, work);
	bool checked = false, transitioning, pending = false, waking;
	unsigned long next = 0;
	unsigned int i;

	mutex_lock(&am->lock);
	if (am->stopped)
		goto out;
	for (i = 0; i < am->nr_paths; i++) {
		struct alua_path *ap = &am->paths[i];

		if (test_and_clear_bit(ALUA_PATH_CHECK, &ap->flags)) {
			if (has_alua(ap) && alua_know_port(ap))
				check_path(am, ap);
			else
				mpath2_fail_path(ap->path);
			checked = true;
		} else {
			ap->check_retries = 0;
		}
	}
	if (!checked)
		alua_poll_states(am);
	transitioning = apply_states(am);
	waking = wake_standby(am);
	if (waking)
		transitioning = apply_states(am);
	/* The array may take a few rounds to show the woken ports active. */
	am->wake_rounds = waking ? am->wake_rounds + 1 : 0;
	if (am->wake_rounds > ALUA_WAKE_ROUNDS)
		waking = false;
	if (transition_over(am, transitioning))
		transitioning = false;

	for (i = 0; i < am->nr_paths; i++)
		pending |= test_bit(ALUA_PATH_CHECK, &am->paths[i].flags);
	/* I/O with no usable path waits while ports may come back soon. */
	mpath2_set_hw_holding(am->m, transitioning || pending || waking);
	if (pending)
		next = 0;
	else if (transitioning || waking)
		next = HZ;
	else if (am->poll_secs)
		next = am->poll_secs * HZ;
	if (pending || transitioning || waking || am->poll_secs)
		queue_delayed_work(mpath2_wq, &am->work, next);
out:
	mutex_unlock(&am->lock);
}
