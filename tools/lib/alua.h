/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A path's ALUA priority from the device's own answers, as
 * multipath-tools' alua prioritizer reads them:
 *
 *   standard INQUIRY byte 5, bits 5..4    TPGS: 0 means no ALUA
 *   VPD 0x83, designator type 5 with      the path's target port group
 *   association 1 (target port)
 *   REPORT TARGET PORT GROUPS             that group's asymmetric access
 *                                         state (AAS)
 *
 * and the state as a priority: active/optimized 50, active/non-optimized
 * 10, LBA dependent 5, standby 1, anything else (unavailable, offline,
 * transitioning) 0. The preferred bit is not counted.
 *
 * Pure: every function takes the bytes as the device sent them and
 * checks every length before it reads, so each is unit-tested from
 * buffers, good and malformed.
 */
#ifndef MPATH2CTL_ALUA_H
#define MPATH2CTL_ALUA_H

#include <stddef.h>

/* Asymmetric access states (SPC-4 table 166). */
#define ALUA_AAS_OPTIMIZED		0x0
#define ALUA_AAS_NON_OPTIMIZED	0x1
#define ALUA_AAS_STANDBY		0x2
#define ALUA_AAS_UNAVAILABLE		0x3
#define ALUA_AAS_LBA_DEPENDENT	0x4
#define ALUA_AAS_OFFLINE		0xe
#define ALUA_AAS_TRANSITIONING	0xf

/*
 * TPGS (0..3) from the @len bytes of standard INQUIRY data at @inq, or
 * -1 with a reason in @err if it is too short to say.
 */
int alua_tpgs(const unsigned char *inq, size_t len, char *err, size_t errlen);

/*
 * The target port group of the port the page came through, from the
 * @len bytes of VPD page 0x83 at @page: 0..65535, or -1 with a reason
 * (not page 0x83, a length past the data, no such designator).
 */
long alua_vpd83_tpg(const unsigned char *page, size_t len, char *err,
		    size_t errlen);

/*
 * The AAS of target port group @tpg in the @len bytes of a REPORT
 * TARGET PORT GROUPS answer at @buf: 0..15, or -1 with a reason. Both
 * headers are taken: the length-only one (descriptors from byte 4) and
 * the extended one (format 1 in byte 4, descriptors from byte 8). The
 * return data length counts the bytes after byte 3 (SPC-4); LIO counts
 * only the descriptors after the extended header, and that is taken
 * too, as long as the descriptors then end exactly where it says.
 */
int alua_rtpg_state(const unsigned char *buf, size_t len, unsigned int tpg,
		    char *err, size_t errlen);

/* The bytes a RTPG answer at @buf (@len >= 4) says it has, at most. */
size_t alua_rtpg_claimed(const unsigned char *buf, size_t len);

/* The priority of @aas (see above). */
int alua_prio(int aas);

/* "active/optimized", ..., "unknown". */
const char *alua_state_name(int aas);

#endif
