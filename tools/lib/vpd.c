// SPDX-License-Identifier: GPL-2.0-only
/*
 * VPD page 0x83 (SPC-4 7.8.6): a 4-byte header (byte 1 the page code,
 * bytes 2-3 the length of what follows), then designators, each a
 * 4-byte header (code set, association and type, length) and its bytes.
 * Every length is checked against the data actually there: a page that
 * claims more than it holds is refused rather than half-read, since a
 * WWID read from a cut page could name the LUN differently next time.
 */
#include <stdio.h>
#include <string.h>

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

int vpd_83_wwid(const unsigned char *page, size_t len, char *wwid,
	       size_t wwidlen, char *err, size_t errlen)
{
	const unsigned char *best = NULL;
	unsigned int best_type = 0;
	size_t end, off;

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
	for (off = 4; off < end; off += 4 + (size_t)page[off + 3]) {
		const unsigned char *d = page + off;
		unsigned int type, dlen;

		if (off + 4 > end || off + 4 + d[3] > end) {
			snprintf(err, errlen, "VPD page 0x83: designator at byte"
				 " %zu runs past the page end (%zu)", off, end);
			return -1;
		}
		type = d[1] & 0xf;
		dlen = d[3];
		if (((d[1] >> 4) & 0x3) != ASSOC_LUN ||
		    !usable(type, d[0] & 0xf, d + 4, dlen))
			continue;
		if (rank(type) > rank(best_type)) {
			best = d;
			best_type = type;
		}
	}
	if (!best) {
		snprintf(err, errlen, "VPD page 0x83: no NAA, EUI-64, SCSI name"
			 " or T10 designator for the LUN");
		return -1;
	}
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
