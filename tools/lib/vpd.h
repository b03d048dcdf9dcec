/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The WWID of a SCSI LUN from its Device Identification VPD page (0x83),
 * chosen and printed as udev's scsi_id and multipath do, so that a map
 * made by mpath2ctl carries the WWID an admin sees in `multipath -ll`
 * and /dev/disk/by-id:
 *
 *   NAA (type 3)          "3" + the designator in lowercase hex
 *   EUI-64 (type 2)       "2" + hex
 *   SCSI name (type 8)    "8" + the string
 *   T10 vendor id (1)     "1" + the string, trimmed, inner blanks as '_'
 *
 * Only designators with association LUN (0) count: the others name the
 * target port or the target, which differ between paths to one LUN.
 * Among those, the first of the best type above wins.
 */
#ifndef MPATH2CTL_VPD_H
#define MPATH2CTL_VPD_H

#include <stddef.h>

#define VPD_WWID_LEN	260	/* "8" + a 255-byte name, and the NUL */
#define VPD_PAGE_MAX	4100	/* 4 header bytes + a 16-bit page length */

/*
 * Pick and format the WWID from the @len bytes of page 0x83 at @page.
 * Returns 0, or -1 with a one-line reason in @err: not page 0x83, a
 * length past the end of the data, no usable LUN designator.
 */
int vpd_83_wwid(const unsigned char *page, size_t len, char *wwid,
	       size_t wwidlen, char *err, size_t errlen);

/* Whether @wwid is one vpd_83_wwid() could print: [1238] then [!-~]. */
int vpd_valid_wwid(const char *wwid);

#endif
