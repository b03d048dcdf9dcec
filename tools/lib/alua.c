// SPDX-License-Identifier: GPL-2.0-only
/* ALUA answers into a path priority (see alua.h). */
#include <stdio.h>

#include "lib/alua.h"

#define RTPG_FMT_MASK	0x70
#define RTPG_FMT_EXT	0x10	/* the extended header */
#define DESIG_TPG	5
#define ASSOC_PORT	1

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	       (unsigned long)p[2] << 8 | p[3];
}

int alua_tpgs(const unsigned char *inq, size_t len, char *err, size_t errlen)
{
	if (len < 6) {
		snprintf(err, errlen, "INQUIRY data too short (%zu bytes)", len);
		return -1;
	}
	return (inq[5] >> 4) & 0x3;
}

long alua_vpd83_tpg(const unsigned char *page, size_t len, char *err,
		    size_t errlen)
{
	size_t end, off;

	if (len < 4 || page[1] != 0x83) {
		snprintf(err, errlen, "not VPD page 0x83");
		return -1;
	}
	end = 4 + ((size_t)page[2] << 8 | page[3]);
	if (end > len) {
		snprintf(err, errlen, "VPD 0x83 claims %zu bytes, has %zu", end,
			 len);
		return -1;
	}
	for (off = 4; off + 4 <= end; off += 4 + (size_t)page[off + 3]) {
		const unsigned char *d = &page[off];

		if (off + 4 + d[3] > end) {
			snprintf(err, errlen, "VPD 0x83 designator at %zu runs"
				 " past the page", off);
			return -1;
		}
		if ((d[1] & 0xf) == DESIG_TPG &&
		    ((d[1] >> 4) & 0x3) == ASSOC_PORT) {
			if (d[3] < 4) {
				snprintf(err, errlen, "target port group"
					 " designator of %u bytes", d[3]);
				return -1;
			}
			return (long)d[6] << 8 | d[7];
		}
	}
	if (off != end) {
		snprintf(err, errlen, "VPD 0x83 ends inside a designator");
		return -1;
	}
	snprintf(err, errlen, "no target port group in VPD 0x83");
	return -1;
}

/*
 * Whether the descriptors from @off tile [@off, @end) exactly; each is
 * 8 bytes and 4 per target port. @end must be within the buffer.
 */
static int tiles(const unsigned char *buf, size_t off, size_t end)
{
	while (off + 8 <= end)
		off += 8 + 4 * (size_t)buf[off + 7];
	return off == end;
}

int alua_rtpg_state(const unsigned char *buf, size_t len, unsigned int tpg,
		    char *err, size_t errlen)
{
	size_t off = 4, end;
	unsigned long rd;

	if (len < 4) {
		snprintf(err, errlen, "RTPG answer too short (%zu bytes)", len);
		return -1;
	}
	rd = be32(buf);
	if (rd > len) {
		snprintf(err, errlen, "RTPG answer claims %lu bytes, has %zu",
			 rd, len);
		return -1;
	}
	end = 4 + (size_t)rd;
	if (len >= 8 && (buf[4] & RTPG_FMT_MASK) == RTPG_FMT_EXT) {
		off = 8;
		/* SPC-4 counts the extended header's 4 bytes; LIO does not. */
		if (!(end <= len && tiles(buf, off, end)) &&
		    8 + (size_t)rd <= len && tiles(buf, off, 8 + (size_t)rd))
			end = 8 + (size_t)rd;
	}
	if (end > len) {
		snprintf(err, errlen, "RTPG answer claims %zu bytes, has %zu",
			 end, len);
		return -1;
	}
	if (!tiles(buf, off, end)) {
		snprintf(err, errlen, "RTPG descriptors do not fit its length"
			 " (%lu)", rd);
		return -1;
	}
	for (; off + 8 <= end; off += 8 + 4 * (size_t)buf[off + 7]) {
		if (((unsigned int)buf[off + 2] << 8 | buf[off + 3]) == tpg)
			return buf[off] & 0xf;
	}
	snprintf(err, errlen, "target port group %u not in the RTPG answer",
		 tpg);
	return -1;
}

size_t alua_rtpg_claimed(const unsigned char *buf, size_t len)
{
	unsigned long rd = len >= 4 ? be32(buf) : 0;

	/* 8: the header, and the 4 more LIO's extended header takes. */
	return rd > 0xffffff ? 0xffffff + 8 : (size_t)rd + 8;
}

int alua_prio(int aas)
{
	switch (aas) {
	case ALUA_AAS_OPTIMIZED:
		return 50;
	case ALUA_AAS_NON_OPTIMIZED:
		return 10;
	case ALUA_AAS_LBA_DEPENDENT:
		return 5;
	case ALUA_AAS_STANDBY:
		return 1;
	default:
		return 0;
	}
}

const char *alua_state_name(int aas)
{
	switch (aas) {
	case ALUA_AAS_OPTIMIZED:
		return "active/optimized";
	case ALUA_AAS_NON_OPTIMIZED:
		return "active/non-optimized";
	case ALUA_AAS_STANDBY:
		return "standby";
	case ALUA_AAS_UNAVAILABLE:
		return "unavailable";
	case ALUA_AAS_LBA_DEPENDENT:
		return "lba-dependent";
	case ALUA_AAS_OFFLINE:
		return "offline";
	case ALUA_AAS_TRANSITIONING:
		return "transitioning";
	default:
		return "unknown";
	}
}
