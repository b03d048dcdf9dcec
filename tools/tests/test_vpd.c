// SPDX-License-Identifier: GPL-2.0-only
/*
 * vpd_83_wwid() on hand-made pages: each designator type, the preference
 * order, designators that must be skipped, and truncated or corrupt
 * pages. Then wwid.c's sysfs reader against the fake sysfs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "lib/vpd.h"
#include "lib/wwid.h"

/* Designator header: code set, association << 4 | type, 0, length. */
#define NAA16	0x01, 0x03, 0x00, 0x10, 0x60, 0x01, 0x40, 0x5a, 0x1b, 0x2c, \
		0x3d, 0x4e, 0x5f, 0x60, 0x71, 0x82, 0x93, 0xa4, 0xb5, 0xc6
#define NAA16_WWID "36001405a1b2c3d4e5f60718293a4b5c6"
#define NAA8	0x01, 0x03, 0x00, 0x08, 0x50, 0x0a, 0x09, 0x80, 0x00, 0x00, \
		0x12, 0x34
#define NAA8_WWID "3500a098000001234"
#define EUI8	0x01, 0x02, 0x00, 0x08, 0x00, 0x25, 0x38, 0x5a, 0x71, 0xb0, \
		0x01, 0xff
#define EUI8_WWID "20025385a71b001ff"
/* "iqn.2003-01.org.x:lun0", NUL-padded to 24 bytes. */
#define NAME	0x03, 0x08, 0x00, 0x18, 'i', 'q', 'n', '.', '2', '0', '0', \
		'3', '-', '0', '1', '.', 'o', 'r', 'g', '.', 'x', ':', 'l', \
		'u', 'n', '0', 0, 0
#define NAME_WWID "8iqn.2003-01.org.x:lun0"
/* Vendor "LIO-ORG " then " disk0  a/b ": trimmed, blanks and '/' as '_'. */
#define T10	0x02, 0x01, 0x00, 0x14, 'L', 'I', 'O', '-', 'O', 'R', 'G', \
		' ', ' ', 'd', 'i', 's', 'k', '0', ' ', ' ', 'a', '/', 'b', ' '
#define T10_WWID "1LIO-ORG_disk0_a_b"
/* The same NAA, but naming the target port (association 1). */
#define PORT_NAA16 0x01, 0x13, 0x00, 0x10, 0x60, 0x01, 0x40, 0x5a, 0x1b, \
		0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x71, 0x82, 0x93, 0xa4, 0xb5, 0xc7
/* Relative target port (type 4), association 1. */
#define RTP	0x61, 0x94, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01

#define PAGE(...) { 0x00, 0x83, 0x00, sizeof((unsigned char[]){ __VA_ARGS__ }), \
		    __VA_ARGS__ }

struct page_case {
	const char *name;
	const unsigned char *page;
	size_t len;
	const char *expect;	/* the WWID, or NULL: refused with @why */
	const char *why;
};

#define CASE(n, p, e, w) { n, p, sizeof(p), e, w }

static const unsigned char p_naa16[] = PAGE(T10, RTP, PORT_NAA16, NAA16);
static const unsigned char p_naa8[] = PAGE(NAA8);
static const unsigned char p_eui[] = PAGE(T10, EUI8, NAME);
static const unsigned char p_name[] = PAGE(T10, NAME, RTP);
static const unsigned char p_t10[] = PAGE(RTP, T10);
static const unsigned char p_all_naa_last[] = PAGE(T10, NAME, EUI8, NAA8);
static const unsigned char p_two_naa[] = PAGE(NAA8, NAA16);
static const unsigned char p_port_only[] = PAGE(PORT_NAA16, RTP);
/* NAA 6 needs 16 bytes; an ASCII NAA; an EUI-64 of 7 bytes. */
static const unsigned char p_bad_desigs[] = PAGE(
	0x01, 0x03, 0x00, 0x08, 0x60, 1, 2, 3, 4, 5, 6, 7,
	0x02, 0x03, 0x00, 0x08, 0x50, 1, 2, 3, 4, 5, 6, 7,
	0x01, 0x02, 0x00, 0x07, 1, 2, 3, 4, 5, 6, 7, T10);
static const unsigned char p_blank_t10[] = PAGE(0x02, 0x01, 0x00, 0x0a,
	'V', 'E', 'N', 'D', 'O', 'R', ' ', ' ', ' ', ' ');
static const unsigned char p_empty[] = { 0x00, 0x83, 0x00, 0x00 };
static const unsigned char p_short[] = { 0x00, 0x83, 0x00 };
static const unsigned char p_wrong_code[] = { 0x00, 0x80, 0x00, 0x04,
					      'S', 'N', '0', '1' };
/* The page says 40 bytes follow; 20 do. */
static const unsigned char p_page_past_end[] = { 0x00, 0x83, 0x00, 0x28,
						 NAA16 };
/* The designator says 16 bytes; the page ends after 8. */
static const unsigned char p_desig_past_end[] = { 0x00, 0x83, 0x00, 0x0c,
	0x01, 0x03, 0x00, 0x10, 0x60, 1, 2, 3, 4, 5, 6, 7 };
/* A designator header cut in two by the page end. */
static const unsigned char p_header_cut[] = { 0x00, 0x83, 0x00, 0x0e,
	NAA8, 0x01, 0x03 };
/* 0xff bytes past a valid page are not read. */
static const unsigned char p_trailing_junk[] = { 0x00, 0x83, 0x00, 0x0c,
	NAA8, 0xff, 0xff, 0xff, 0xff };
/* A later designator, a LUN's NAA, runs past the end: not half-read. */
static const unsigned char p_second_past_end[] = { 0x00, 0x83, 0x00, 0x14,
	NAA8, 0x01, 0x03, 0x00, 0x10, 0x60, 1, 2, 3 };
/* So does a target port's, which would never be chosen. */
static const unsigned char p_port_past_end[] = { 0x00, 0x83, 0x00, 0x14,
	NAA8, 0x61, 0x94, 0x00, 0x05, 0, 0, 0, 1 };
/* One byte, two, three of a header after the last designator. */
static const unsigned char p_one_stray[] = { 0x00, 0x83, 0x00, 0x0d,
	NAA8, 0x01 };
static const unsigned char p_three_stray[] = { 0x00, 0x83, 0x00, 0x0f,
	NAA8, 0x01, 0x03, 0x00 };
/* Page lengths 1 to 3: not even one header. */
static const unsigned char p_len1[] = { 0x00, 0x83, 0x00, 0x01, 0x01 };
static const unsigned char p_len3[] = { 0x00, 0x83, 0x00, 0x03, 0x01, 0x03,
	0x00 };
/* Empty designators (length 0) are stepped over, not taken. */
static const unsigned char p_zero_length[] = PAGE(0x01, 0x03, 0x00, 0x00,
	0x02, 0x01, 0x00, 0x00, NAA16);
static const unsigned char p_only_zero_length[] = PAGE(0x01, 0x03, 0x00,
	0x00);
/* A designator ending exactly at the page end. */
static const unsigned char p_exact_end[] = PAGE(RTP, NAA16);

static const struct page_case page_cases[] = {
	CASE("naa16_among_port_designators", p_naa16, NAA16_WWID, NULL),
	CASE("naa8", p_naa8, NAA8_WWID, NULL),
	CASE("eui64_over_name_and_t10", p_eui, EUI8_WWID, NULL),
	CASE("scsi_name_over_t10", p_name, NAME_WWID, NULL),
	CASE("t10_trimmed", p_t10, T10_WWID, NULL),
	CASE("naa_best_even_last", p_all_naa_last, NAA8_WWID, NULL),
	CASE("first_naa_wins", p_two_naa, NAA8_WWID, NULL),
	CASE("port_designators_ignored", p_port_only, NULL, "no NAA, EUI-64"),
	CASE("malformed_designators_skipped", p_bad_desigs, T10_WWID, NULL),
	CASE("t10_without_id_refused", p_blank_t10, NULL, "no NAA, EUI-64"),
	CASE("empty_page", p_empty, NULL, "no NAA, EUI-64, SCSI name or T10"),
	CASE("short_header", p_short, NULL, "3 bytes, shorter than its header"),
	CASE("wrong_page", p_wrong_code, NULL, "VPD page 0x80, not 0x83"),
	CASE("page_length_past_end", p_page_past_end, NULL,
	     "length 40 past the 24 bytes read"),
	CASE("designator_past_end", p_desig_past_end, NULL,
	     "designator at byte 4 runs past the page end (16)"),
	CASE("designator_header_cut", p_header_cut, NULL,
	     "designator at byte 16 runs past"),
	CASE("trailing_bytes_ignored", p_trailing_junk, NAA8_WWID, NULL),
	CASE("second_designator_past_end", p_second_past_end, NULL,
	     "designator at byte 16 runs past the page end (24)"),
	CASE("port_designator_past_end", p_port_past_end, NULL,
	     "designator at byte 16 runs past the page end (24)"),
	CASE("one_stray_byte", p_one_stray, NULL,
	     "designator at byte 16 runs past the page end (17)"),
	CASE("three_stray_bytes", p_three_stray, NULL,
	     "designator at byte 16 runs past the page end (19)"),
	CASE("page_length_1", p_len1, NULL,
	     "designator at byte 4 runs past the page end (5)"),
	CASE("page_length_3", p_len3, NULL,
	     "designator at byte 4 runs past the page end (7)"),
	CASE("zero_length_designators_skipped", p_zero_length, NAA16_WWID,
	     NULL),
	CASE("only_zero_length", p_only_zero_length, NULL, "no NAA, EUI-64"),
	CASE("designator_ends_at_page_end", p_exact_end, NAA16_WWID, NULL),
};

static void page_case(void **state)
{
	const struct page_case *c = *state;
	char wwid[VPD_WWID_LEN] = "", err[256] = "";
	int r;

	r = vpd_83_wwid(c->page, c->len, wwid, sizeof(wwid), err, sizeof(err));
	if (!c->expect) {
		CHECK(r, "accepted as '%s'", wwid);
		CHECK(strstr(err, c->why), "reason '%s', not '%s'", err, c->why);
		return;
	}
	CHECK(!r, "refused: %s", err);
	CHECK(!strcmp(wwid, c->expect), "got '%s', not '%s'", wwid, c->expect);
	CHECK(vpd_valid_wwid(wwid), "'%s' fails vpd_valid_wwid()", wwid);
}

/* Every prefix of a good page is refused or gives the same WWID. */
static void every_cut(void **state)
{
	char wwid[VPD_WWID_LEN], err[256];
	size_t n;

	(void)state;
	for (n = 0; n < sizeof(p_naa16); n++)
		CHECK(vpd_83_wwid(p_naa16, n, wwid, sizeof(wwid), err,
				 sizeof(err)), "%zu of %zu bytes accepted", n,
		      sizeof(p_naa16));
}

/*
 * A full-size page: 16,380 bytes of target port designators (offsets
 * past what one byte counts), then the LUN's NAA as the last bytes.
 */
static void long_page(void **state)
{
	static const unsigned char naa[] = { NAA16 }, rtp[] = { RTP };
	char wwid[VPD_WWID_LEN], err[256];
	size_t len = 4, plen;
	unsigned char *page = malloc(VPD_PAGE_MAX);

	(void)state;
	CHECK(page, "out of memory");
	while (len + sizeof(rtp) + sizeof(naa) <= VPD_PAGE_MAX) {
		memcpy(page + len, rtp, sizeof(rtp));
		len += sizeof(rtp);
	}
	memcpy(page + len, naa, sizeof(naa));
	len += sizeof(naa);
	plen = len - 4;
	page[0] = 0;
	page[1] = 0x83;
	page[2] = (unsigned char)(plen >> 8);
	page[3] = (unsigned char)plen;
	if (vpd_83_wwid(page, len, wwid, sizeof(wwid), err, sizeof(err)) ||
	    strcmp(wwid, NAA16_WWID)) {
		free(page);
		fail_msg("%zu bytes: '%s' / %s", len, wwid, err);
	}
	/* One byte short: the NAA runs past the end. */
	page[3]--;
	if (!vpd_83_wwid(page, len, wwid, sizeof(wwid), err, sizeof(err)) ||
	    !strstr(err, "runs past the page end")) {
		free(page);
		fail_msg("one byte short: '%s' / %s", wwid, err);
	}
	free(page);
}

static void small_buffer(void **state)
{
	char wwid[VPD_WWID_LEN], err[256];

	(void)state;
	CHECK(vpd_83_wwid(p_naa16, sizeof(p_naa16), wwid, 33, err,
			 sizeof(err)), "33 bytes took a 34-byte WWID");
	CHECK(!vpd_83_wwid(p_naa16, sizeof(p_naa16), wwid, 34, err,
			  sizeof(err)) && !strcmp(wwid, NAA16_WWID),
	      "34 bytes: %s", err);
	CHECK(vpd_83_wwid(p_t10, sizeof(p_t10), wwid, 10, err, sizeof(err)),
	      "T10 into 10 bytes accepted");
}

static void wwid_syntax(void **state)
{
	(void)state;
	CHECK(vpd_valid_wwid(NAA16_WWID) && vpd_valid_wwid("1A_b"), "good refused");
	CHECK(!vpd_valid_wwid("") && !vpd_valid_wwid("3") && !vpd_valid_wwid("4abc") &&
	      !vpd_valid_wwid("3ab cd") && !vpd_valid_wwid("3ab/cd") &&
	      !vpd_valid_wwid("3ab\ncd"), "bad accepted");
}

extern int fake_sgio_calls;

/* wwid_read() on the fake sysfs (test_main.c): sdb, sdc, sdi have pages. */
static void sysfs_reader(void **state)
{
	char wwid[VPD_WWID_LEN], err[256];

	(void)state;
	CHECK(!wwid_read(fake_sysfs, 8, 16, NULL, wwid, sizeof(wwid), err,
			 sizeof(err)) && !strcmp(wwid, NAA16_WWID),
	      "8:16: %s / %s", wwid, err);
	CHECK(!wwid_read(fake_sysfs, 8, 128, "/dev/none", wwid, sizeof(wwid),
			 err, sizeof(err)) && !strcmp(wwid, EUI8_WWID),
	      "8:128: %s / %s", wwid, err);
	CHECK(fake_sgio_calls == 0, "SG_IO used although sysfs had the page");
	/* No page in sysfs: WWID_NOPAGE, and SG_IO only if given a node. */
	CHECK(wwid_read(fake_sysfs, 8, 64, NULL, wwid, sizeof(wwid), err,
			sizeof(err)) == WWID_NOPAGE && strstr(err, "vpd_pg83: No"),
	      "8:64 without node: %s", err);
	CHECK(fake_sgio_calls == 0, "SG_IO without a node");
	CHECK(wwid_read(fake_sysfs, 8, 64, "/dev/sde", wwid, sizeof(wwid), err,
			sizeof(err)) == WWID_ERR && fake_sgio_calls == 1 &&
	      strstr(err, "/dev/sde: INQUIRY"), "8:64 with node: %s", err);
	/* A corrupt page is an error naming the file, not a fallback. */
	CHECK(wwid_read(fake_sysfs, 8, 96, "/dev/sdg", wwid, sizeof(wwid), err,
			sizeof(err)) == WWID_ERR && fake_sgio_calls == 1 &&
	      strstr(err, "past the") && strstr(err, "8:96/device/vpd_pg83)"),
	      "8:96: %s", err);
}

void vpd_tests(void)
{
	UNIT_TABLE("tools/vpd", page_case, page_cases);
	unit_case("tools/vpd/every_cut_refused", every_cut, NULL);
	unit_case("tools/vpd/long_page", long_page, NULL);
	unit_case("tools/vpd/small_buffer", small_buffer, NULL);
	unit_case("tools/vpd/wwid_syntax", wwid_syntax, NULL);
	unit_case("tools/wwid/sysfs_reader", sysfs_reader, NULL);
}
