/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ALUA on the wire: what mpath2's ALUA handler reads from a SCSI device
 * and how it judges it. Pure functions over byte buffers (SPC-4/SPC-5),
 * with no device behind them, so that KUnit checks them byte by byte:
 *
 *   standard INQUIRY byte 5   TPGS: implicit and/or explicit ALUA
 *   INQUIRY VPD page 0x83     the relative target port and the target
 *                             port group the command arrived through
 *   REPORT TARGET PORT GROUPS each port group's asymmetric access state,
 *                             with or without the extended header (which
 *                             carries the implicit transition time)
 *   sense data                ALUA states and unit attentions, told
 *                             apart from errors that are the path's
 */
#ifndef MPATH2_ALUA_PROTO_H
#define MPATH2_ALUA_PROTO_H

#include <linux/types.h>

struct scsi_sense_hdr;

/* TPGS field of standard INQUIRY byte 5. */
#define ALUA_TPGS_IMPLICIT	0x1
#define ALUA_TPGS_EXPLICIT	0x2

/* Asymmetric access states (RTPG descriptor byte 0, bits 3..0). */
enum alua_state {
	ALUA_STATE_OPTIMIZED	= 0x0,
	ALUA_STATE_NON_OPTIMIZED = 0x1,
	ALUA_STATE_STANDBY	= 0x2,
	ALUA_STATE_UNAVAILABLE	= 0x3,
	ALUA_STATE_LBA_DEPENDENT = 0x4,
	ALUA_STATE_OFFLINE	= 0xe,
	ALUA_STATE_TRANSITIONING = 0xf,
};

/* Supported-states bits (RTPG descriptor byte 1). */
#define ALUA_SUP_OPTIMIZED	0x01
#define ALUA_SUP_NON_OPTIMIZED	0x02
#define ALUA_SUP_STANDBY	0x04

/*
 * Path priorities by state, as multipath-tools' alua prioritizer: the
 * array's preferred port group (PREF bit) adds ALUA_PRIO_PREF when its
 * state is not active/optimized, or always with exclusive_pref_bit.
 */
#define ALUA_PRIO_OPTIMIZED	50
#define ALUA_PRIO_NON_OPTIMIZED	10
#define ALUA_PRIO_LBA_DEPENDENT	5
#define ALUA_PRIO_STANDBY	1
#define ALUA_PRIO_NONE		0
#define ALUA_PRIO_PREF		80

/* Where one path's commands arrive: from VPD page 0x83. */
struct alua_port_id {
	u16 rel_port;		/* relative target port identifier */
	u16 group;		/* target port group identifier */
};

/* One target port group of an RTPG answer. */
struct alua_tpg {
	u16 id;
	u8 state;		/* enum alua_state */
	bool pref;		/* PREF bit: the array's preferred group */
	u8 supported;		/* the supported-states bits (T_SUP..AO_SUP) */
};

/*
 * Port groups kept from one RTPG answer; a group past them is unknown (its
 * paths keep no state), never given a stale one.
 */
#define ALUA_MAX_TPGS		128
/* The first RTPG asks for this much; a longer answer is asked for again. */
#define ALUA_RTPG_BUF_LEN	(8 + 16 * (8 + 4 * 8))
/* An answer may not be longer than this (255 groups of 16 ports). */
#define ALUA_RTPG_MAX_LEN	(8 + 255 * (8 + 4 * 16))

/* A parsed RTPG answer. */
struct alua_rtpg {
	unsigned int nr_tpgs;
	unsigned int transition_secs;	/* extended header only; else 0 */
	unsigned int len;		/* bytes the whole answer takes */
	struct alua_tpg tpgs[ALUA_MAX_TPGS];
};

/*
 * How the answer to one of the handler's own commands is judged (see
 * alua_judge()): BUSY covers BUSY, TASK SET FULL, ABORTED COMMAND and soft
 * transport errors; REFUSED is a port that answered "no" (RESERVATION
 * CONFLICT, ILLEGAL REQUEST other than an unknown command or field).
 */
enum alua_sense {
	ALUA_SENSE_OK,			/* no sense, or RECOVERED ERROR */
	ALUA_SENSE_RETRY,		/* unit attention: ask again now */
	ALUA_SENSE_BUSY,		/* BUSY, TASK SET FULL...: again soon */
	ALUA_SENSE_TRANSITIONING,	/* NOT READY 04/0a: wait, retry */
	ALUA_SENSE_STANDBY,		/* NOT READY 04/0b */
	ALUA_SENSE_UNAVAILABLE,		/* NOT READY 04/0c */
	ALUA_SENSE_UNSUPPORTED,		/* ILLEGAL REQUEST 20/00, 24/00 */
	ALUA_SENSE_REFUSED,		/* RESERVATION CONFLICT, 26/xx... */
	ALUA_SENSE_PATH_ERROR,		/* no answer, or the path's own error */
};

int alua_parse_tpgs(const u8 *inquiry, size_t len);
int alua_parse_vpd83(const u8 *page, size_t len, struct alua_port_id *id);
int alua_parse_rtpg(const u8 *buf, size_t len, struct alua_rtpg *out);
const struct alua_tpg *alua_find_tpg(const struct alua_rtpg *rtpg, u16 id);
unsigned int alua_state_prio(u8 state);
unsigned int alua_path_prio(u8 state, bool pref, bool exclusive_pref);
bool alua_state_usable(u8 state);
const char *alua_state_name(u8 state);
enum alua_sense alua_classify_sense(const struct scsi_sense_hdr *sshdr);
enum alua_sense alua_judge(int result, const struct scsi_sense_hdr *sshdr);
bool alua_sense_port_changed(const struct scsi_sense_hdr *sshdr);

#endif /* MPATH2_ALUA_PROTO_H */
