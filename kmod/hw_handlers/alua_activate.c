// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ALUA handler's pg_init: is a port ready for I/O, and if not, what
 * will make it so. Decided from the states the port work keeps, without
 * sending or waiting for any command: an activation (STPG, or
 * scsi_dh_alua's) is asked of the port's own work, the path is blocked
 * meanwhile and I/O that has no usable path waits (bounded) until the
 * array's answer unblocks it. pg_init, and so suspend, never waits for
 * an array. See alua.c for the whole design.
 */
#include "../mpath2.h"
#include "alua.h"
#include "hw_handler.h"

#define DM_MSG_PREFIX "mpath2"

/*
 * The state an STPG asks for: active/optimized, unless the group says it
 * cannot be (supported-states bits; none set: the array does not say),
 * then active/non-optimized; 0xff: no STPG can help.
 */
u8 alua_stpg_target(const struct alua_path *ap)
{
	if (!ap->supported || (ap->supported & ALUA_SUP_OPTIMIZED))
		return ALUA_STATE_OPTIMIZED;
	if (ap->supported & ALUA_SUP_NON_OPTIMIZED)
		return ALUA_STATE_NON_OPTIMIZED;
	return 0xff;
}

/* May the handler activate @ap's group? */
bool alua_may_stpg(const struct alua_map *am, const struct alua_path *ap)
{
	if (am->no_stpg || !ap->port_known)
		return false;
	if (ap->kernel_dh)
		return true;	/* scsi_dh_alua's activation decides */
	return (ap->tpgs & ALUA_TPGS_EXPLICIT) && alua_stpg_target(ap) != 0xff;
}

/* A standby port that an STPG could make usable. */
static bool wakeable_port(const struct alua_map *am, const struct alua_path *p)
{
	return has_alua(p) && p->state_known &&
	       p->state == ALUA_STATE_STANDBY && alua_may_stpg(am, p) &&
	       READ_ONCE(p->path->blocked);
}

/* No path is usable, but a standby port could be woken. */
bool alua_wakeable(struct alua_map *am)
{
	unsigned int i;

	if (atomic_read(&am->m->nr_active))
		return false;
	for (i = 0; i < am->nr_paths; i++)
		if (wakeable_port(am, &am->paths[i]))
			return true;
	return false;
}

/*
 * No path is usable, I/O waits, and ports are in standby: activate one
 * group of them (the array's preferred one first) rather than fail I/O.
 * At most once per ALUA_WAKE_INTERVAL per map, and never for a map
 * without I/O waiting: an idle standby array is left alone.
 */
void alua_wake_standby_locked(struct alua_map *am)
{
	struct alua_path *pick = NULL;
	unsigned int i;

	lockdep_assert_held(&am->lock);
	if (time_before(jiffies, am->next_wake) || !alua_wakeable(am) ||
	    !mpath2_io_waiting(am->m))
		return;
	for (i = 0; i < am->nr_paths; i++) {
		struct alua_path *p = &am->paths[i];

		if (!wakeable_port(am, p) || !am->ops->ready(p))
			continue;
		if (!pick || (p->pref && !pick->pref))
			pick = p;
	}
	if (!pick)
		return;
	DMINFO("%s: no usable path, activating standby port group %u through %s",
	       dm_table_device_name(am->m->ti->table), pick->port.group,
	       pick->name);
	alua_want_stpg_locked(pick);
}

/* pg_init for one port: what the handler knows decides, at once. */
static enum mpath2_hw_result activate_locked(struct alua_map *am,
					     struct alua_path *ap)
{
	if (!ap->state_known) {
		/* Not read yet (the first I/O after a resume): read, hold. */
		alua_want_locked(ap, ALUA_WANT_READ);
		alua_hold_locked(am);
		return MPATH2_HW_BLOCKED;
	}
	switch (ap->state) {
	case ALUA_STATE_OPTIMIZED:
	case ALUA_STATE_LBA_DEPENDENT:
		return MPATH2_HW_OK;
	case ALUA_STATE_NON_OPTIMIZED:
		/*
		 * Usable as it is. Promoting it would invite two hosts (or
		 * the array's own implicit ALUA) to fight over the optimized
		 * group: only with optimize_stpg, and I/O goes on meanwhile.
		 */
		if (am->optimize_stpg && alua_may_stpg(am, ap) &&
		    !alua_better_port(am, ap))
			alua_want_stpg_locked(ap);
		return MPATH2_HW_OK;
	case ALUA_STATE_STANDBY:
		if (alua_may_stpg(am, ap) && !alua_better_port(am, ap)) {
			alua_want_stpg_locked(ap);
			alua_hold_locked(am);
		}
		return MPATH2_HW_BLOCKED;
	case ALUA_STATE_TRANSITIONING:
		/* The poll waits it out (the array's transition time). */
		alua_hold_locked(am);
		return MPATH2_HW_BLOCKED;
	case ALUA_STATE_OFFLINE:
		return MPATH2_HW_FAILED;
	default:
		return MPATH2_HW_BLOCKED;	/* unavailable */
	}
}

enum mpath2_hw_result alua_activate(struct mpath2 *m,
				    struct mpath2_path *path)
{
	struct alua_map *am = m->hw_ctx;
	struct alua_path *ap = path->hw_path;
	enum mpath2_hw_result r;
	unsigned long flags;

	if (!has_alua(ap))
		return MPATH2_HW_OK;
	spin_lock_irqsave(&am->lock, flags);
	if (!ap->port_known) {
		r = MPATH2_HW_OK;	/* no port group: nothing to ready */
	} else {
		r = activate_locked(am, ap);
		/* The poll acts on it now (and holds, or lets I/O go). */
		alua_tick_now_locked(am);
	}
	spin_unlock_irqrestore(&am->lock, flags);
	return r;
}
