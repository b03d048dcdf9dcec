/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A LUN's unit serial number from its VPD page 0x80, for
 * path_grouping_policy group_by_serial: paths that report the same
 * serial number are grouped together, as multipath-tools does.
 * Pure: from the page's bytes, every length checked.
 */
#ifndef MPATH2CTL_SERIAL_H
#define MPATH2CTL_SERIAL_H

#include <stddef.h>

#define SERIAL_LEN	256	/* the longest serial kept, and its NUL */

/*
 * The serial number in the @len bytes of VPD page 0x80 at @page, blanks
 * around it removed, into @serial. 0, or -1 with a reason in @err: not
 * page 0x80, a length past the data, empty, longer than SERIAL_LEN - 1,
 * or a byte that is not printable ASCII.
 */
int serial_vpd80(const unsigned char *page, size_t len, char *serial,
		 size_t seriallen, char *err, size_t errlen);

#endif
