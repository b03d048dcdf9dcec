/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpath2's ALUA hardware handler: shared between its files.
 *
 *   alua_proto.c    the wire formats and the sense table (pure)
 *   alua_scsi.c     the SCSI commands
 *   alua_states.c   reading the states and acting on them (the work item)
 *   alua_activate.c pg_init: readying a port (STPG or scsi_dh_activate)
 *   alua.c          the handler: table words, set-up, hooks
 */
#ifndef MPATH2_ALUA_H
#define MPATH2_ALUA_H

#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>

#include "alua_proto.h"
#include "hw_handler.h"

struct block_device;
struct mpath2;
struct mpath2_path;
struct scsi_device;

#define ALUA_CDB_LEN		12
#define ALUA_VPD_LEN		512
#define ALUA_STPG_LEN		8
/* Each RTPG or STPG waits this long for its answer. */
#define ALUA_CMD_TIMEOUT	(10 * HZ)
/* A port may transition this long when the array does not say. */
#define ALUA_TRANSITION_SECS	60

/* One path as the handler sees it; mpath2_path.hw_path points here. */
struct alua_path {
	struct mpath2_path *path;
	struct scsi_device *sdev;	/* NULL: not a SCSI device */
	struct alua_port_id port;
	int tpgs;			/* TPGS bits; 0: the device has no ALUA */
	bool port_known;		/* port read from VPD 0x83 */
	bool kernel_dh;			/* scsi_dh_alua is attached: ask it */
	bool no_ext_hdr;		/* the array refused the extended RTPG */
	bool state_known;
	u8 state;			/* enum alua_state, last seen */
	unsigned int check_retries;	/* rounds of the current check */
	unsigned long unusable_seen;	/* jiffies; 0: never */
	unsigned long flags;		/* ALUA_PATH_* bits */
};

/* A bio failed on the path: find out why (set in end_io). */
#define ALUA_PATH_CHECK		0
/* The state was read in the current poll (alua_work only). */
#define ALUA_PATH_FRESH		1

/* The handler's state for one map (mpath2.hw_ctx). */
struct alua_map {
	struct mpath2 *m;
	unsigned int poll_secs;		/* table: poll <secs>; 0: only on errors */
	bool no_stpg;			/* table: no_stpg */
	unsigned int nr_paths;
	struct alua_path *paths;
	struct mutex lock;		/* commands, and everything below */
	u8 *buf;			/* RTPG answers */
	struct alua_rtpg rtpg;
	bool stopped;
	unsigned long transition_end;	/* jiffies; while ports transition */
	unsigned int wake_rounds;	/* rounds in a row wake_standby() tried */
	/* The STPGs of one pg_init round: one per port group. */
	unsigned int stpg_round;
	unsigned int nr_stpg;
	u16 stpg_groups[ALUA_MAX_TPGS];
	struct delayed_work work;	/* polls, and checks after errors */
};

/* Does the path lead to a SCSI device with ALUA? */
static inline bool has_alua(const struct alua_path *ap)
{
	return ap && ap->sdev && ap->tpgs > 0;
}

/* alua_states.c */
void alua_work(struct work_struct *work);
void alua_read_kernel_state(struct alua_path *ap);
bool alua_know_port(struct alua_path *ap);
enum alua_sense alua_read_states(struct alua_map *am, struct alua_path *ap);
bool alua_sense_state(struct alua_path *ap, enum alua_sense s);
void alua_poll_states(struct alua_map *am);
void alua_rank_groups(struct mpath2 *m);

/* alua_activate.c */
enum mpath2_hw_result alua_activate(struct mpath2 *m, struct mpath2_path *path);
enum mpath2_hw_result alua_activate_kernel(struct alua_map *am,
					   struct alua_path *ap);
bool alua_better_port(const struct alua_map *am, const struct alua_path *ap);

/* alua_scsi.c */
struct scsi_device *alua_get_sdev(struct block_device *bdev);
void alua_put_sdev(struct scsi_device *sdev);
int alua_read_port(struct scsi_device *sdev, struct alua_port_id *id);
enum alua_sense alua_rtpg(struct alua_path *ap, u8 *buf, struct alua_rtpg *out);
enum alua_sense alua_stpg(struct alua_path *ap, u16 group);

#endif /* MPATH2_ALUA_H */
