// SPDX-License-Identifier: GPL-2.0-only
/*
 * ALUA on the wire: parsing INQUIRY, VPD page 0x83 and REPORT TARGET PORT
 * GROUPS answers, and judging sense data. See alua_proto.h. Every length
 * comes from the device and is checked before it is used: a malformed
 * answer is refused with -EINVAL, never read past.
 */
#include <linux/errno.h>
#include <scsi/scsi.h>
#include <scsi/scsi_common.h>
#include <scsi/scsi_proto.h>

#include "../compat.h"
#include "alua_proto.h"

/* Standard INQUIRY: the TPGS bits (byte 5, bits 5..4), or -EINVAL. */
int alua_parse_tpgs(const u8 *inquiry, size_t len)
{
	if (len < 6)
		return -EINVAL;
	return (inquiry[5] >> 4) & 0x3;
}

/* VPD 0x83 designator types and association. */
#define VPD83_TYPE_REL_PORT	0x4
#define VPD83_TYPE_PORT_GROUP	0x5
#define VPD83_ASSOC_PORT	0x1

/*
 * VPD page 0x83: the relative target port and the target port group of
 * the port the page was read through. 0 when the port group was found
 * (rel_port 0 if the page has none), -ENODATA when the device reports no
 * port group (no ALUA), -EINVAL for a malformed page.
 */
int alua_parse_vpd83(const u8 *page, size_t len, struct alua_port_id *id)
{
	size_t off, end;
	bool found = false;

	if (len < 4 || page[1] != 0x83)
		return -EINVAL;
	end = 4 + get_unaligned_be16(page + 2);
	if (end > len)
		return -EINVAL;
	id->rel_port = 0;
	id->group = 0;

	for (off = 4; off < end; off += 4 + page[off + 3]) {
		const u8 *d = page + off;
		unsigned int type, assoc;

		if (off + 4 > end || off + 4 + d[3] > end)
			return -EINVAL;
		type = d[1] & 0xf;
		assoc = (d[1] >> 4) & 0x3;
		if (assoc != VPD83_ASSOC_PORT)
			continue;
		if (type == VPD83_TYPE_REL_PORT || type == VPD83_TYPE_PORT_GROUP) {
			if (d[3] != 4)
				return -EINVAL;
			if (type == VPD83_TYPE_REL_PORT) {
				id->rel_port = get_unaligned_be16(d + 6);
			} else {
				id->group = get_unaligned_be16(d + 6);
				found = true;
			}
		}
	}
	return found ? 0 : -ENODATA;
}

/* RTPG answer layout. */
#define RTPG_EXT_HDR_FORMAT	0x10	/* byte 4, bits 6..4: 001b */
#define RTPG_DESC_LEN		8
#define RTPG_PORT_LEN		4

/*
 * REPORT TARGET PORT GROUPS: every port group's state. The answer has the
 * extended header (8 bytes, with the implicit transition time) when the
 * device honoured the request for it, the short one (4 bytes) otherwise;
 * byte 4 tells them apart (a descriptor's bits 6..4 are reserved, zero).
 * Returns the number of port groups (the first ALUA_MAX_TPGS are kept),
 * -EOVERFLOW when the answer is longer than @len (out->len says how long:
 * ask again with that much), or -EINVAL for a malformed answer. A cut
 * answer is never taken: a group past the cut would keep a stale state.
 */
int alua_parse_rtpg(const u8 *buf, size_t len, struct alua_rtpg *out)
{
	size_t off = 4, end, slack = 0;
	unsigned int n = 0;

	out->nr_tpgs = 0;
	out->transition_secs = 0;
	out->len = 0;
	if (len < 4)
		return -EINVAL;
	end = 4 + (size_t)get_unaligned_be32(buf);
	if (len >= 8 && (buf[4] & 0x70) == RTPG_EXT_HDR_FORMAT) {
		out->transition_secs = buf[5];
		off = 8;
		/*
		 * SPC-4 counts the extended header's 4 bytes in the return
		 * data length; LIO counts only the descriptors. Take both:
		 * with LIO's count the last 4 bytes are past the answer.
		 */
		slack = 4;
		end += slack;
	}
	out->len = end;
	if (end > len) {
		/* LIO's count: the descriptors may all be there already. */
		if (!slack || end - slack > len)
			return -EOVERFLOW;
		end = len;
	}

	while (off < end) {
		const u8 *d = buf + off;
		size_t next;

		if (off + RTPG_DESC_LEN > end) {
			if (end - off <= slack)
				break;
			return -EINVAL;
		}
		next = off + RTPG_DESC_LEN + (size_t)d[7] * RTPG_PORT_LEN;
		if (next > end)
			return -EINVAL;
		if (n < ALUA_MAX_TPGS) {
			struct alua_tpg *tpg = &out->tpgs[n++];

			tpg->pref = d[0] & 0x80;
			tpg->state = d[0] & 0xf;
			tpg->supported = d[1];
			tpg->id = get_unaligned_be16(d + 2);
		}
		off = next;
	}
	out->nr_tpgs = n;
	return n;
}

const struct alua_tpg *alua_find_tpg(const struct alua_rtpg *rtpg, u16 id)
{
	unsigned int i;

	for (i = 0; i < rtpg->nr_tpgs; i++)
		if (rtpg->tpgs[i].id == id)
			return &rtpg->tpgs[i];
	return NULL;
}

unsigned int alua_state_prio(u8 state)
{
	switch (state) {
	case ALUA_STATE_OPTIMIZED:
		return ALUA_PRIO_OPTIMIZED;
	case ALUA_STATE_NON_OPTIMIZED:
		return ALUA_PRIO_NON_OPTIMIZED;
	case ALUA_STATE_LBA_DEPENDENT:
		return ALUA_PRIO_LBA_DEPENDENT;
	case ALUA_STATE_STANDBY:
		return ALUA_PRIO_STANDBY;
	default:
		return ALUA_PRIO_NONE;
	}
}

/*
 * A path's priority: its state's, plus ALUA_PRIO_PREF in the array's
 * preferred group unless that group is already active/optimized (then
 * the bit changes nothing), or always with @exclusive_pref.
 */
unsigned int alua_path_prio(u8 state, bool pref, bool exclusive_pref)
{
	unsigned int prio = alua_state_prio(state);

	if (pref && (state != ALUA_STATE_OPTIMIZED || exclusive_pref))
		prio += ALUA_PRIO_PREF;
	return prio;
}

/* May the port get I/O? (Standby ports take only a few commands.) */
bool alua_state_usable(u8 state)
{
	return state == ALUA_STATE_OPTIMIZED ||
	       state == ALUA_STATE_NON_OPTIMIZED ||
	       state == ALUA_STATE_LBA_DEPENDENT;
}

const char *alua_state_name(u8 state)
{
	switch (state) {
	case ALUA_STATE_OPTIMIZED:
		return "active/optimized";
	case ALUA_STATE_NON_OPTIMIZED:
		return "active/non-optimized";
	case ALUA_STATE_STANDBY:
		return "standby";
	case ALUA_STATE_UNAVAILABLE:
		return "unavailable";
	case ALUA_STATE_LBA_DEPENDENT:
		return "lba-dependent";
	case ALUA_STATE_OFFLINE:
		return "offline";
	case ALUA_STATE_TRANSITIONING:
		return "transitioning";
	default:
		return "unknown";
	}
}

/* NOT READY, LOGICAL UNIT NOT READY (asc 04) qualifiers. */
#define ASCQ_BECOMING_READY	0x01
#define ASCQ_TRANSITIONING	0x0a
#define ASCQ_STANDBY		0x0b
#define ASCQ_UNAVAILABLE	0x0c
/* ILLEGAL REQUEST: invalid command operation code, invalid field in CDB. */
#define ASC_INVALID_OPCODE	0x20
#define ASC_INVALID_FIELD_CDB	0x24
/* UNIT ATTENTION 3F/03: inquiry data changed (ports may have moved). */
#define ASC_TARGET_CHANGED	0x3f
#define ASCQ_INQUIRY_CHANGED	0x03

enum alua_sense alua_classify_sense(const struct scsi_sense_hdr *sshdr)
{
	switch (sshdr->sense_key) {
	case NO_SENSE:
	case RECOVERED_ERROR:
		return ALUA_SENSE_OK;
	case NOT_READY:
		if (sshdr->asc != 0x04)
			return ALUA_SENSE_PATH_ERROR;
		switch (sshdr->ascq) {
		case ASCQ_TRANSITIONING:
		case ASCQ_BECOMING_READY:
			return ALUA_SENSE_TRANSITIONING;
		case ASCQ_STANDBY:
			return ALUA_SENSE_STANDBY;
		case ASCQ_UNAVAILABLE:
			return ALUA_SENSE_UNAVAILABLE;
		default:
			return ALUA_SENSE_PATH_ERROR;
		}
	case UNIT_ATTENTION:
		/*
		 * Power on or reset (29/xx), asymmetric access state changed
		 * (2a/06) or its implicit transition failed (2a/07), inquiry
		 * data (3f/03) or LUNs (3f/0e) changed, and every other unit
		 * attention: reported once, the command was not run. Again.
		 */
		return ALUA_SENSE_RETRY;
	case ABORTED_COMMAND:
		/* The target gave up on this command, not on the path. */
		return ALUA_SENSE_BUSY;
	case ILLEGAL_REQUEST:
		if (sshdr->asc == ASC_INVALID_OPCODE ||
		    sshdr->asc == ASC_INVALID_FIELD_CDB)
			return ALUA_SENSE_UNSUPPORTED;
		/*
		 * 26/xx (an STPG asking for a state the group does not
		 * support) and the rest: the port answered, it just said
		 * no. Not a reason to fail the path.
		 */
		return ALUA_SENSE_REFUSED;
	default:
		return ALUA_SENSE_PATH_ERROR;
	}
}

/*
 * Judge a command's whole result: 0, a negative errno (no answer), or a
 * SCSI result (host byte, status byte) with its sense in @sshdr.
 */
enum alua_sense alua_judge(int result, const struct scsi_sense_hdr *sshdr)
{
	if (!result)
		return ALUA_SENSE_OK;
	if (result < 0)
		return ALUA_SENSE_PATH_ERROR;
	switch (host_byte(result)) {
	case DID_OK:
		break;
	case DID_SOFT_ERROR:
	case DID_IMM_RETRY:
	case DID_REQUEUE:
		return ALUA_SENSE_BUSY;
	default:
		/* Timeout, no connection, transport down, device gone. */
		return ALUA_SENSE_PATH_ERROR;
	}
	if (scsi_sense_valid(sshdr))
		return alua_classify_sense(sshdr);
	switch (result & 0xff) {	/* the status byte */
	case SAM_STAT_GOOD:
	case SAM_STAT_CONDITION_MET:
		return ALUA_SENSE_OK;
	case SAM_STAT_BUSY:
	case SAM_STAT_TASK_SET_FULL:
	case SAM_STAT_TASK_ABORTED:
		return ALUA_SENSE_BUSY;
	case SAM_STAT_RESERVATION_CONFLICT:
		return ALUA_SENSE_REFUSED;
	default:
		return ALUA_SENSE_PATH_ERROR;
	}
}

/* Does the unit attention say the ports may have changed (re-read VPD)? */
bool alua_sense_port_changed(const struct scsi_sense_hdr *sshdr)
{
	return sshdr->sense_key == UNIT_ATTENTION &&
	       sshdr->asc == ASC_TARGET_CHANGED &&
	       sshdr->ascq == ASCQ_INQUIRY_CHANGED;
}
