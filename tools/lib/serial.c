// SPDX-License-Identifier: GPL-2.0-only
/* The unit serial number from VPD page 0x80 (see serial.h). */
#include <stdio.h>
#include <string.h>

#include "lib/serial.h"

int serial_vpd80(const unsigned char *page, size_t len, char *serial,
		 size_t seriallen, char *err, size_t errlen)
{
	size_t start = 4, end, i;

	if (len < 4 || page[1] != 0x80) {
		snprintf(err, errlen, "not VPD page 0x80");
		return -1;
	}
	end = 4 + ((size_t)page[2] << 8 | page[3]);
	if (end > len) {
		snprintf(err, errlen, "VPD 0x80 claims %zu bytes, has %zu", end,
			 len);
		return -1;
	}
	/* Padded with blanks (left or right) or NULs by some arrays. */
	while (end > start && (page[end - 1] == ' ' || !page[end - 1]))
		end--;
	while (start < end && page[start] == ' ')
		start++;
	if (start == end) {
		snprintf(err, errlen, "empty unit serial number");
		return -1;
	}
	if (end - start >= seriallen) {
		snprintf(err, errlen, "unit serial number of %zu bytes",
			 end - start);
		return -1;
	}
	for (i = start; i < end; i++) {
		if (page[i] < 0x20 || page[i] > 0x7e) {
			snprintf(err, errlen, "unit serial number has byte 0x%02x",
				 page[i]);
			return -1;
		}
	}
	memcpy(serial, page + start, end - start);
	serial[end - start] = '\0';
	return 0;
}
