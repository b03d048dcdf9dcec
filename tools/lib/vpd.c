// SPDX-License-Identifier: GPL-2.0-only
/*
 * VPD page 0x83 (SPC-4 7.8.6): a 4-byte header (byte 1 the page code,
 * bytes 2-3 the length of what follows), then designators, each a
 * 4-byte header (code set, association and type, length) and its bytes,
 * walked by libsgutils2's sg_vpd_dev_id_iter(); which one names the LUN
 * and how its WWID is written are ours (vpd.h).
 * Every length is checked against the data actually there: a page that
 * claims more than it holds is refused rather than half-read, since a
 * WWID read from a cut page could name the LUN differently next time.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <scsi/sg_lib.h>

#include "lib/vpd.h"

#define DESIG_T10	1
#define DESIG_EUI64	2
#define DESIG_NAA	3
#define DESIG_NAME	8

#define CODESET_BINARY	1
#define CODESET_ASCII	2
#define CODESET_UTF8	3

#define ASSOC_LUN	0

/* Rank of each usable type, higher is better; 0 for the rest. */
static int rank(unsigned int type)
{
	switch (type) {
	case DESIG_NAA:
		return 4;
	case DESIG_EUI64:
		return 3;
	case DESIG_NAME:
		return 2;
	case DESIG_T10:
		return 1;
	default:
		return 0;
	}
}

/* Whether the designator's code set and length suit its type. */
static int usable(unsigned int type, unsigned int codeset,
		  const unsigned char *d, unsigned int len)
{
	switch (type) {
	case DESIG_NAA:
		/* NAA 2, 3, 5: 8 bytes; NAA 6: 16 bytes. */
		if (codeset != CODESET_BINARY || !len)
			return 0;
		return (d[0] >> 4) == 6 ? len == 16 : len == 8;
	case DESIG_EUI64:
		return codeset == CODESET_BINARY &&
		       (len == 8 || len == 12 || len == 16);
	case DESIG_NAME:
		return (codeset == CODESET_UTF8 || codeset == CODESET_ASCII) &&
		       len >= 4;
	case DESIG_T10:
		/*
		 * Vendor (8 bytes), then the vendor's id: without one, every
		 * LUN of that vendor would get the same WWID, and discover
		 * would merge them into one map.
		 */
		if (codeset != CODESET_ASCII)
			return 0;
		for (; len > 8; len--)
			if (d[len - 1] != ' ' && d[len - 1])
				return 1;
		return 0;
	default:
		return 0;
	}
}

/* "<prefix><hex>" of @len binary bytes. */
static int put_hex(char prefix, const unsigned char *d, unsigned int len,
		   char *wwid, size_t wwidlen)
{
	static const char hex[] = "0123456789abcdef";
	unsigned int i;

	if (wwidlen < 2 + 2 * (size_t)len)
		return -1;
	*wwid++ = prefix;
	for (i = 0; i < len; i++) {
		*wwid++ = hex[d[i] >> 4];
		*wwid++ = hex[d[i] & 0xf];
	}
	*wwid = '\0';
	return 0;
}

/*
 * "<prefix><text>" of an ASCII designator, up to its first NUL (a SCSI
 * name is NUL-padded): leading and trailing blanks dropped, each inner
 * run of blanks one '_', anything unprintable '_' (udev's
 * replace_whitespace and replace_chars), and '/' too: a WWID may
 * become a map name.
 */
static int put_text(char prefix, const unsigned char *d, unsigned int len,
		    char *wwid, size_t wwidlen)
{
	unsigned int i, end;
	size_t o = 0;
	int blank = 0;

	for (end = 0; end < len && d[end]; end++)
		;
	while (end && d[end - 1] == ' ')
		end--;
	for (i = 0; i < end && d[i] == ' '; i++)
		;
	if (i == end || wwidlen < 2)
		return -1;
	wwid[o++] = prefix;
	for (; i < end; i++) {
		if (d[i] == ' ') {
			blank = 1;
			continue;
		}
		if (o + 2 + (size_t)blank >= wwidlen)
			return -1;
		if (blank)
			wwid[o++] = '_';
		blank = 0;
		wwid[o++] = d[i] > ' ' && d[i] < 0x7f && d[i] != '/' ?
			    (char)d[i] : '_';
	}
	wwid[o] = '\0';
	return 0;
}

static int past_end(int off, int plen, char *err, size_t errlen)
{
	snprintf(err, errlen, "VPD page 0x83: designator at byte %d runs past"
		 " the page end (%d)", 4 + off, 4 + plen);
	return -1;
}

/*
 * The best usable LUN designator into @best (NULL: none) from the @plen
 * designator bytes at @desc (page offset 4), walked by libsgutils2's
 * sg_vpd_dev_id_iter(). The iterator checks that each designator's
 * header is inside the page, not its body: that is checked here. 0, or
 * -1 with a reason in @err if a designator runs past the end.
 */
static int best_desig(const unsigned char *desc, int plen,
		      const unsigned char **best, char *err, size_t errlen)
{
	unsigned int best_type = 0;
	int off = -1, next = 0, r;

	*best = NULL;
	if (!plen)
		return 0;	/* the iterator would call this abnormal */
	while (!(r = sg_vpd_dev_id_iter(desc, plen, &off, -1, -1, -1))) {
		const unsigned char *d = desc + off;
		unsigned int type = d[1] & 0xf;

		if (off + 4 + d[3] > plen)
			return past_end(off, plen, err, errlen);
		next = off + 4 + d[3];
		if (((d[1] >> 4) & 0x3) == ASSOC_LUN &&
		    usable(type, d[0] & 0xf, d + 4, d[3]) &&
		    rank(type) > rank(best_type)) {
			*best = d;
			best_type = type;
		}
	}
	/* -2: a header cut by the page end, right after the last one. */
	return r == -1 ? 0 : past_end(next, plen, err, errlen);
}

int vpd_83_wwid(const unsigned char *page, size_t len, char *wwid,
	       size_t wwidlen, char *err, size_t errlen)
{
	const unsigned char *best;
	unsigned int best_type;
	size_t end;

	if (len < 4) {
		snprintf(err, errlen, "VPD page 0x83: %zu bytes, shorter than its"
			 " header", len);
		return -1;
	}
	if (page[1] != 0x83) {
		snprintf(err, errlen, "VPD page 0x%02x, not 0x83", page[1]);
		return -1;
	}
	end = 4 + ((size_t)page[2] << 8 | page[3]);
	if (end > len) {
		snprintf(err, errlen, "VPD page 0x83: length %zu past the %zu"
			 " bytes read", end - 4, len);
		return -1;
	}
	if (best_desig(page + 4, (int)(end - 4), &best, err, errlen))
		return -1;
	if (!best) {
		snprintf(err, errlen, "VPD page 0x83: no NAA, EUI-64, SCSI name"
			 " or T10 designator for the LUN");
		return -1;
	}
	best_type = best[1] & 0xf;
	if ((best_type == DESIG_NAA || best_type == DESIG_EUI64 ?
	     put_hex((char)('0' + best_type), best + 4, best[3], wwid, wwidlen) :
	     put_text((char)('0' + best_type), best + 4, best[3], wwid,
		      wwidlen))) {
		snprintf(err, errlen, "VPD page 0x83: designator type %u is"
			 " blank or too long", best_type);
		return -1;
	}
	return 0;
}

int vpd_valid_wwid(const char *wwid)
{
	size_t i;

	if (!wwid[0] || !strchr("1238", wwid[0]) || !wwid[1])
		return 0;
	for (i = 1; wwid[i]; i++)
		if (wwid[i] <= ' ' || wwid[i] >= 0x7f || wwid[i] == '/')
			return 0;
	return i < VPD_WWID_LEN;
}
