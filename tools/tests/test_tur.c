// SPDX-License-Identifier: GPL-2.0-only
/* tur.c: every outcome the checker must tell apart, and sense parsing. */
#include <stdio.h>
#include <stdlib.h>
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

/*
 * Sense read by libsgutils2: the edges of each format, and what the old
 * hand-written walk refused that must stay refused.
 */
struct sense_case {
	const char *name;
	unsigned char sense[260];
	size_t len;
	int ok;			/* 0: refused */
	unsigned int key, asc, ascq;
};

#define FIXED_HDR(rc, key, addl) rc, 0, key, 0, 0, 0, 0, addl, 0, 0, 0, 0

static const struct sense_case sense_cases[] = {
	{ "fixed_18", { FIXED_HDR(0x70, 0x02, 10), 0x04, 0x0a }, 18, 1,
	  0x2, 0x04, 0x0a },
	/* The VALID bit (0x80) and the ILI/EOM/FILEMARK bits beside the key. */
	{ "fixed_valid_and_flag_bits", { FIXED_HDR(0xf0, 0xe6, 10), 0x29, 0x01 },
	  18, 1, 0x6, 0x29, 0x01 },
	/* Exactly ASC and ASCQ: 14 bytes, additional length 6. */
	{ "fixed_14_bytes", { FIXED_HDR(0x70, 0x05, 6), 0x25, 0x00 }, 14, 1,
	  0x5, 0x25, 0x00 },
	{ "fixed_additional_length_5", { FIXED_HDR(0x70, 0x05, 5), 0x25 }, 18,
	  0, 0, 0, 0 },
	{ "fixed_cut_at_8", { FIXED_HDR(0x70, 0x06, 10), 0x29 }, 8, 0, 0, 0, 0 },
	{ "fixed_cut_at_3", { FIXED_HDR(0x70, 0x06, 10), 0x29 }, 3, 0, 0, 0, 0 },
	/* Deferred errors are read as current ones (tur.h). */
	{ "fixed_deferred_71", { FIXED_HDR(0x71, 0x03, 10), 0x11, 0x00 }, 18, 1,
	  0x3, 0x11, 0x00 },
	{ "descriptor_72", { 0x72, 0x02, 0x04, 0x0b, 0, 0, 0, 0 }, 8, 1,
	  0x2, 0x04, 0x0b },
	{ "descriptor_deferred_73", { 0x73, 0x04, 0x44, 0x00, 0, 0, 0, 0 }, 8, 1,
	  0x4, 0x44, 0x00 },
	/* A descriptor list: the header still decides. */
	{ "descriptor_with_descriptors", { 0x72, 0x01, 0x00, 0x1d, 0, 0, 0, 12,
	  0x00, 0x0a, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x34 }, 20, 1,
	  0x1, 0x00, 0x1d },
	{ "descriptor_4_bytes", { 0x72, 0x06, 0x2a, 0x03 }, 4, 1,
	  0x6, 0x2a, 0x03 },
	{ "descriptor_cut_at_3", { 0x72, 0x06, 0x2a, 0x03 }, 3, 0, 0, 0, 0 },
	{ "descriptor_cut_at_1", { 0x72 }, 1, 0, 0, 0, 0 },
	{ "response_code_0", { 0x00, 0x02, 0x04, 0x0b }, 18, 0, 0, 0, 0 },
	{ "response_code_74", { 0x74, 0x02, 0x04, 0x0b }, 18, 0, 0, 0, 0 },
	{ "vendor_7f", { 0x7f, 0x02, 0x04, 0x0b }, 18, 0, 0, 0, 0 },
	{ "empty", { 0x70 }, 0, 0, 0, 0, 0 },
	/* Longer than sense data can be: what is past 252 bytes is ignored. */
	{ "fixed_in_260_bytes", { FIXED_HDR(0x70, 0x02, 244), 0x3a, 0x00 },
	  260, 1, 0x2, 0x3a, 0x00 },
};

static void sense_case(void **state)
{
	const struct sense_case *c = *state;
	unsigned int key = 99, asc = 99, ascq = 99;
	unsigned char *copy = malloc(c->len ? c->len : 1);
	int r;

	/* A copy of exactly @len bytes: ASan catches a read past them. */
	CHECK(copy, "out of memory");
	memcpy(copy, c->sense, c->len);
	r = tur_sense(copy, c->len, &key, &asc, &ascq);
	free(copy);
	if (!c->ok) {
		CHECK(r, "taken as %x/%02x/%02x", key, asc, ascq);
		return;
	}
	CHECK(!r, "refused");
	CHECK(key == c->key && asc == c->asc && ascq == c->ascq,
	      "%x/%02x/%02x, not %x/%02x/%02x", key, asc, ascq, c->key, c->asc,
	      c->ascq);
}

void tur_tests(void)
{
	UNIT_TABLE("tools/tur/sense", sense_case, sense_cases);
	UNIT_TABLE("tools/tur", tur_case, tur_cases);
	unit_case("tools/tur/sense_formats", sense_formats, NULL);
}
