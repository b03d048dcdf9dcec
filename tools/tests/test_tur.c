// SPDX-License-Identifier: GPL-2.0-only
/* tur.c: every outcome the checker must tell apart, and sense parsing. */
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "checkers/tur.h"

struct tur_case {
	const char *name;
	unsigned int status, key, asc, ascq;
	enum tur_state expect;
};

static const struct tur_case tur_cases[] = {
	{ "good", SCSI_GOOD, 0, 0, 0, TUR_UP },
	{ "reservation_conflict", SCSI_RESERVATION_CONFLICT, 0, 0, 0, TUR_UP },
	{ "standby_ghost", SCSI_CHECK_CONDITION, 0x2, 0x04, 0x0b, TUR_GHOST },
	{ "transitioning_pending", SCSI_CHECK_CONDITION, 0x2, 0x04, 0x0a,
	  TUR_PENDING },
	{ "not_ready_other", SCSI_CHECK_CONDITION, 0x2, 0x04, 0x02, TUR_DOWN },
	{ "not_ready_no_medium", SCSI_CHECK_CONDITION, 0x2, 0x3a, 0x00,
	  TUR_DOWN },
	{ "lun_not_supported", SCSI_CHECK_CONDITION, 0x5, 0x25, 0x00,
	  TUR_DISCONNECTED },
	{ "illegal_request_other", SCSI_CHECK_CONDITION, 0x5, 0x24, 0x00,
	  TUR_DOWN },
	{ "unit_attention", SCSI_CHECK_CONDITION, 0x6, 0x29, 0x00, TUR_RETRY },
	{ "recovered_error", SCSI_CHECK_CONDITION, 0x1, 0x00, 0x00, TUR_UP },
	{ "medium_error", SCSI_CHECK_CONDITION, 0x3, 0x11, 0x00, TUR_DOWN },
	{ "hardware_error", SCSI_CHECK_CONDITION, 0x4, 0x00, 0x00, TUR_DOWN },
	{ "busy", SCSI_BUSY, 0, 0, 0, TUR_RETRY },
	{ "task_set_full", SCSI_TASK_SET_FULL, 0, 0, 0, TUR_RETRY },
	{ "unknown_status", 0x40, 0, 0, 0, TUR_DOWN },
	/* 04/0b means ghost only under NOT READY. */
	{ "04_0b_under_other_key", SCSI_CHECK_CONDITION, 0x5, 0x04, 0x0b,
	  TUR_DOWN },
};

static void tur_case(void **state)
{
	const struct tur_case *c = *state;
	enum tur_state s = tur_classify(c->status, c->key, c->asc, c->ascq);

	CHECK(s == c->expect, "%s, not %s", tur_state_name(s),
	      tur_state_name(c->expect));
}

static void sense_formats(void **state)
{
	static const unsigned char fixed[18] = { 0x70, 0, 0x02, 0, 0, 0, 0,
		10, 0, 0, 0, 0, 0x04, 0x0b, 0, 0, 0, 0 };
	static const unsigned char desc[8] = { 0x72, 0x05, 0x25, 0x00 };
	static const unsigned char fixed_short_len[18] = { 0xf0, 0, 0x02, 0, 0,
		0, 0, 4, 0, 0, 0, 0, 0x04, 0x0b };
	unsigned int key = 99, asc = 99, ascq = 99;

	(void)state;
	CHECK(!tur_sense(fixed, sizeof(fixed), &key, &asc, &ascq) &&
	      key == 2 && asc == 4 && ascq == 0x0b, "fixed: %x/%x/%x", key,
	      asc, ascq);
	CHECK(tur_classify(SCSI_CHECK_CONDITION, key, asc, ascq) == TUR_GHOST,
	      "fixed not ghost");
	CHECK(!tur_sense(desc, sizeof(desc), &key, &asc, &ascq) &&
	      key == 5 && asc == 0x25 && ascq == 0, "descriptor: %x/%x/%x",
	      key, asc, ascq);
	CHECK(tur_sense(fixed, 13, &key, &asc, &ascq), "13 fixed bytes taken");
	CHECK(tur_sense(fixed_short_len, sizeof(fixed_short_len), &key, &asc,
			&ascq), "fixed with additional length 4 taken");
	CHECK(tur_sense(desc, 3, &key, &asc, &ascq), "3 descriptor bytes taken");
	CHECK(tur_sense(desc, 0, &key, &asc, &ascq), "empty sense taken");
	CHECK(tur_sense((const unsigned char *)"\x7f\0\0\0", 4, &key, &asc,
			&ascq), "vendor format taken");
	CHECK(!strcmp(tur_state_name((enum tur_state)42), "?"), "bad name");
}

void tur_tests(void)
{
	UNIT_TABLE("tools/tur", tur_case, tur_cases);
	unit_case("tools/tur/sense_formats", sense_formats, NULL);
}
