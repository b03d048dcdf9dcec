// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ALUA handler's pg_init: making a port ready before I/O goes to its
 * group. In mpath2 mode: read the states, and on an array with explicit
 * ALUA send SET TARGET PORT GROUPS to a standby or non-optimized port
 * unless a better usable one exists; read again (one STPG per port group
 * however many paths lead there). In scsi_dh mode: scsi_dh_activate().
 * See alua.c for the whole design.
 */
#include <linux/completion.h>
#include <scsi/scsi_dh.h>
#include <scsi/scsi_device.h>

#include "../mpath2.h"
#include "alua.h"
#include "hw_handler.h"

#define DM_MSG_PREFIX "mpath2"

/* What pg_init makes of a port's state. */
static enum mpath2_hw_result state_result(u8 state)
{
	if (alua_state_usable(state))
		return MPATH2_HW_OK;
	if (state == ALUA_STATE_TRANSITIONING)
		return MPATH2_HW_RETRY;
	return MPATH2_HW_BLOCKED;
}

struct dh_wait {
	struct completion done;
	int err;
};

static void dh_done(void *data, int err)
{
	struct dh_wait *w = data;

	w->err = err;
	complete(&w->done);
}

/* Kernel mode: scsi_dh_alua activates (its own RTPG and STPG). */
enum mpath2_hw_result alua_activate_kernel(struct alua_map *am,
					   struct alua_path *ap)
{
	struct dh_wait w = { .err = SCSI_DH_OK };

	init_completion(&w.done);
	scsi_dh_activate(ap->sdev->request_queue, dh_done, &w);
	wait_for_completion(&w.done);
	switch (w.err) {
	case SCSI_DH_OK:
		/* The array's word; scsi_dh_alua's if the array is silent. */
		if (alua_read_states(am, ap) != ALUA_SENSE_OK)
			alua_read_kernel_state(ap);
		return state_result(ap->state);
	case SCSI_DH_RETRY:
	case SCSI_DH_IMM_RETRY:
		return MPATH2_HW_RETRY;
	case SCSI_DH_DEV_TEMP_BUSY:
		return MPATH2_HW_BUSY;
	default:
		return MPATH2_HW_FAILED;
	}
}

/* Does a usable path of the map lead to a better port than @ap's? */
bool alua_better_port(const struct alua_map *am, const struct alua_path *ap)
{
	unsigned int i;

	for (i = 0; i < am->nr_paths; i++) {
		const struct alua_path *p = &am->paths[i];

		if (has_alua(p) && p->state_known && p != ap &&
		    alua_state_usable(p->state) &&
		    mpath2_path_usable(p->path) &&
		    alua_state_prio(p->state) > alua_state_prio(ap->state))
			return true;
	}
	return false;
}

/*
 * Activate @ap's port group? Only where the array allows it, and only if
 * no other port of the map is better: I/O that came here before the
 * states were known is moved by the poll, not by promoting this group.
 */
static bool wants_stpg(const struct alua_map *am, const struct alua_path *ap)
{
	return !am->no_stpg && (ap->tpgs & ALUA_TPGS_EXPLICIT) &&
	       ap->state_known && (ap->state == ALUA_STATE_NON_OPTIMIZED ||
				   ap->state == ALUA_STATE_STANDBY) &&
	       !alua_better_port(am, ap);
}

/* Own mode: read the states, activate with STPG if needed and allowed. */
static enum mpath2_hw_result activate_own(struct alua_map *am,
					  struct alua_path *ap)
{
	enum alua_sense s;

	if (!alua_know_port(ap))
		return MPATH2_HW_OK;	/* no port group: nothing to ready */
	s = alua_read_states(am, ap);
	if (s == ALUA_SENSE_OK && wants_stpg(am, ap)) {
		DMINFO("%s: activating port group %u through %s",
		       dm_table_device_name(am->m->ti->table), ap->port.group,
		       ap->path->dev->name);
		s = alua_stpg(ap, ap->port.group);
		if (s == ALUA_SENSE_OK || s == ALUA_SENSE_RETRY)
			s = alua_read_states(am, ap);
	}
	if (alua_sense_state(ap, s))
		return state_result(ap->state);
	switch (s) {
	case ALUA_SENSE_OK:
		return ap->state_known ? state_result(ap->state) :
					 MPATH2_HW_OK;
	case ALUA_SENSE_RETRY:
		return MPATH2_HW_RETRY;
	case ALUA_SENSE_UNSUPPORTED:
		return MPATH2_HW_OK;	/* no RTPG after all: as without ALUA */
	default:
		return MPATH2_HW_FAILED;
	}
}

enum mpath2_hw_result alua_activate(struct mpath2 *m,
				    struct mpath2_path *path)
{
	struct alua_map *am = m->hw_ctx;
	struct alua_path *ap = path->hw_path;
	enum mpath2_hw_result r;

	if (!has_alua(ap))
		return MPATH2_HW_OK;
	mutex_lock(&am->lock);
	if (!ap->kernel_dh) {
		r = activate_own(am, ap);
	} else if (alua_know_port(ap) && alua_read_states(am, ap) == ALUA_SENSE_OK &&
		   alua_state_usable(ap->state) && alua_better_port(am, ap)) {
		/* scsi_dh_alua would promote this worse group: let the poll move I/O. */
		r = MPATH2_HW_OK;
	} else {
		r = alua_activate_kernel(am, ap);
	}
	/* New states may rank the groups differently: the poll acts. */
	if (!am->stopped)
		mod_delayed_work(mpath2_wq, &am->work, 0);
	mutex_unlock(&am->lock);
	return r;
}
