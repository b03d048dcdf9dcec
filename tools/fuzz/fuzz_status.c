// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: any bytes as a dmsetup table or status line of an
 * mpath2 map (status.c). The first byte picks the kind: even (the
 * seeds' 'T') TABLE, odd ('I') INFO; a table line that also parses as
 * a status line is matched against itself.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "table/status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct status_map table, info;
	char err[256], *s;

	if (!size)
		return 0;
	s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';		/* stops at the first NUL, as a string */
	if (data[0] & 1) {
		if (!status_parse(MP_INFO, s, &info, err, sizeof(err)))
			(void)status_find_path(&info, 8, 16);
		status_free(&info);
	} else if (!status_parse(MP_TABLE, s, &table, err, sizeof(err))) {
		(void)status_find_path(&table, 8, 16);
		if (!status_parse(MP_INFO, s, &info, err, sizeof(err)))
			(void)status_match(&table, &info, err, sizeof(err));
		status_free(&info);
		status_free(&table);
	} else {
		status_free(&table);
	}
	free(s);
	return 0;
}
