// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: any bytes as a device's answer (alua.c, serial.c,
 * vpd.c, tur.c). The first byte, modulo 6, picks the parser: 0 standard
 * INQUIRY, 1 VPD 0x83's target port group, 2 REPORT TARGET PORT
 * GROUPS (for group 1), 3 VPD 0x80's serial number, 4 VPD 0x83's WWID,
 * 5 sense data (the checker's and persist's reading of it). The rest is
 * copied to a buffer of exactly its size, so that any read past it is
 * caught.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checkers/tur.h"
#include "lib/alua.h"
#include "lib/pr.h"
#include "lib/serial.h"
#include "lib/vpd.h"

/* A WWID that vpd_83_wwid() gives must pass its own syntax check. */
static void wwid(const unsigned char *buf, size_t n)
{
	char w[VPD_WWID_LEN], err[256];

	if (!vpd_83_wwid(buf, n, w, sizeof(w), err, sizeof(err)) &&
	    !vpd_valid_wwid(w))
		abort();
}

static void sense(const unsigned char *buf, size_t n)
{
	unsigned int key, asc, ascq;
	struct pr_answer a = { 0 };
	char t[160];

	if (!tur_sense(buf, n, &key, &asc, &ascq) && key > 0xf)
		abort();
	pr_classify(&a, 0x02, 0, 0, buf, n);
	pr_answer_text(&a, t, sizeof(t));
}

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
	switch (data[0] % 6) {
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
	case 3:
		(void)serial_vpd80(buf, n, serial, sizeof(serial), err,
				   sizeof(err));
		break;
	case 4:
		wwid(buf, n);
		break;
	default:
		sense(buf, n);
		break;
	}
	free(buf);
	return 0;
}
