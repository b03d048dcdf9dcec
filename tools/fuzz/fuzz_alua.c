// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: any bytes as a device's answer for path grouping
 * (alua.c, serial.c). The first byte picks the parser: 0 standard
 * INQUIRY, 1 VPD 0x83's target port group, 2 REPORT TARGET PORT
 * GROUPS (for group 1), 3 VPD 0x80's serial number. The rest is copied
 * to a buffer of exactly its size, so that any read past it is caught.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alua.h"
#include "lib/serial.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256], serial[SERIAL_LEN];
	unsigned char *buf;
	size_t n;
	int aas;

	if (!size)
		return 0;
	n = size - 1;
	buf = malloc(n ? n : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, n);
	switch (data[0] & 3) {
	case 0:
		(void)alua_tpgs(buf, n, err, sizeof(err));
		break;
	case 1:
		(void)alua_vpd83_tpg(buf, n, err, sizeof(err));
		break;
	case 2:
		aas = alua_rtpg_state(buf, n, 1, err, sizeof(err));
		(void)alua_prio(aas);
		(void)alua_state_name(aas);
		(void)alua_rtpg_claimed(buf, n);
		break;
	default:
		(void)serial_vpd80(buf, n, serial, sizeof(serial), err,
				   sizeof(err));
		break;
	}
	free(buf);
	return 0;
}
