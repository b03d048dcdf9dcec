// SPDX-License-Identifier: GPL-2.0-only
/*
 * run-sg-tests: the code that talks to disks, tur_io.c, scsi_io.c and
 * directio_io.c, with the system and libsgutils2 calls under it mocked
 * by cmocka. The program is linked with -Wl,--wrap for open, close,
 * ioctl, pread, sg_ll_inquiry and sg_ll_report_tgt_prt_grp2 (Makefile),
 * so those calls reach the __wrap_ functions here: they check what is
 * sent (the CDB, the SG_IO header, the flags, the lengths) and answer
 * what the case queued with will_return(). No disk is ever opened.
 */
#define _GNU_SOURCE	/* O_DIRECT */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <scsi/sg.h>
#include <scsi/sg_lib.h>

#include "checkers/directio_io.h"
#include "lib/scsi_io.h"
#include "checkers/tur_io.h"
#include "unit.h"
#include "lib/vpd.h"
#include "lib/wwid.h"

/* unit.h's, used by run-tests only. */
const char *fake_sysfs;
const char *cli_bin, *cli_dkms_conf;

#define DEV	"/dev/sdx"
#define FD	7

/* --- the mocks ------------------------------------------------------------------ */

int __wrap_open(const char *path, int flags, ...);
int __wrap_close(int fd);
int __wrap_ioctl(int fd, unsigned long request, ...);
ssize_t __wrap_pread(int fd, void *buf, size_t count, off_t offset);
int __wrap_sg_ll_inquiry(int sg_fd, bool cmddt, bool evpd, int pg_op,
			 void *resp, int mx_resp_len, bool noisy, int verbose);
int __wrap_sg_ll_report_tgt_prt_grp2(int sg_fd, void *resp, int mx_resp_len,
				     bool extended, bool noisy, int verbose);

/* open(): will_return the fd, or -1 and then the errno. */
int __wrap_open(const char *path, int flags, ...)
{
	int fd;

	check_expected(path);
	check_expected(flags);
	fd = mock_type(int);
	if (fd < 0)
		errno = mock_type(int);
	return fd;
}

int __wrap_close(int fd)
{
	check_expected(fd);
	return 0;
}

/* What one SG_IO answers (tur_io.c), or what BLKSSZGET says (directio). */
struct sg_answer {
	int err;			/* the ioctl fails with this errno */
	unsigned char status;		/* SCSI status */
	unsigned short host, driver;
	unsigned char sense[32];
	unsigned char sense_len;
	int lbs;			/* BLKSSZGET's answer */
};

static const struct sg_answer GOOD = { 0 };

int __wrap_ioctl(int fd, unsigned long request, ...)
{
	const struct sg_answer *a;
	struct sg_io_hdr *io;
	va_list ap;
	void *arg;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	assert_int_equal(fd, FD);
	check_expected(request);
	a = mock_ptr_type(const struct sg_answer *);
	if (request == BLKSSZGET) {
		if (a->err) {
			errno = a->err;
			return -1;
		}
		*(int *)arg = a->lbs;
		return 0;
	}
	/* SG_IO: a TEST UNIT READY, as the kernel's sg layer takes it. */
	io = arg;
	assert_int_equal(io->interface_id, 'S');
	assert_int_equal(io->dxfer_direction, SG_DXFER_NONE);
	assert_int_equal(io->cmd_len, 6);
	assert_memory_equal(io->cmdp, "\0\0\0\0\0\0", 6);
	check_expected(io->timeout);
	assert_true(io->mx_sb_len >= 18 && io->sbp);
	if (a->err) {
		errno = a->err;
		return -1;
	}
	io->status = a->status;
	io->masked_status = a->status >> 1;
	io->host_status = a->host;
	io->driver_status = a->driver;
	io->sb_len_wr = a->sense_len < io->mx_sb_len ? a->sense_len :
			io->mx_sb_len;
	memcpy(io->sbp, a->sense, io->sb_len_wr);
	return 0;
}

/* pread(): will_return the byte count, or -1 and then the errno. */
ssize_t __wrap_pread(int fd, void *buf, size_t count, off_t offset)
{
	ssize_t n;

	assert_int_equal(fd, FD);
	assert_int_equal(offset, 0);
	assert_true(((unsigned long)buf & 4095) == 0);	/* O_DIRECT */
	check_expected(count);
	n = mock_type(ssize_t);
	if (n < 0)
		errno = mock_type(int);
	else
		memset(buf, 0, (size_t)n);
	return n;
}

/*
 * A libsgutils2 command's answer: the case queues the bytes (a pointer),
 * their count and the command's result, in that order.
 */
static int answer_copy(void *resp, int mx_resp_len, const unsigned char *data,
		       int n, int r)
{
	assert_true(n <= mx_resp_len);
	if (n > 0)
		memcpy(resp, data, (size_t)n);
	return r;
}

int __wrap_sg_ll_inquiry(int sg_fd, bool cmddt, bool evpd, int pg_op,
			 void *resp, int mx_resp_len, bool noisy, int verbose)
{
	const unsigned char *data;
	int n;

	assert_int_equal(sg_fd, FD);
	assert_false(cmddt);
	assert_false(noisy);	/* errors are ours to report, once */
	assert_int_equal(verbose, 0);
	check_expected(evpd);
	check_expected(pg_op);
	check_expected(mx_resp_len);
	data = mock_ptr_type(const unsigned char *);
	n = mock_type(int);
	return answer_copy(resp, mx_resp_len, data, n, mock_type(int));
}

int __wrap_sg_ll_report_tgt_prt_grp2(int sg_fd, void *resp, int mx_resp_len,
				     bool extended, bool noisy, int verbose)
{
	const unsigned char *data;
	int n;

	assert_int_equal(sg_fd, FD);
	assert_false(noisy);
	assert_int_equal(verbose, 0);
	check_expected(extended);
	check_expected(mx_resp_len);
	data = mock_ptr_type(const unsigned char *);
	n = mock_type(int);
	return answer_copy(resp, mx_resp_len, data, n, mock_type(int));
}

static void expect_open(int flags, int fd, int err)
{
	expect_string(__wrap_open, path, DEV);
	expect_value(__wrap_open, flags, flags);
	will_return(__wrap_open, fd);
	if (fd < 0)
		will_return(__wrap_open, err);
	else
		expect_value(__wrap_close, fd, fd);
}

/* --- tur_io.c: TEST UNIT READY through SG_IO ------------------------------------ */

#define TUR_FLAGS	(O_RDONLY | O_NONBLOCK | O_CLOEXEC)

/* Fixed-format sense: key, ASC, ASCQ. */
#define FIXED(k, a, q)	{ 0x70, 0, k, 0, 0, 0, 0, 10, 0, 0, 0, 0, a, q }, 18
/* Descriptor-format sense. */
#define DESC(k, a, q)	{ 0x72, k, a, q, 0, 0, 0, 0 }, 8

static const struct sg_answer UA = { .status = 0x02, .sense = FIXED(0x6, 0x29, 0) };
static const struct sg_answer STANDBY = { .status = 0x02,
					  .sense = DESC(0x2, 0x04, 0x0b) };
static const struct sg_answer TRANSITIONING = { .status = 0x02,
						.sense = FIXED(0x2, 0x04, 0x0a) };
static const struct sg_answer NO_LUN = { .status = 0x02,
					 .sense = FIXED(0x5, 0x25, 0) };
/* A deferred MEDIUM ERROR: an earlier write's, this TUR not performed. */
static const struct sg_answer DEFERRED = { .status = 0x02, .sense = {
	0x71, 0, 0x3, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x0c, 0x00 }, 18 };
static const struct sg_answer DEFERRED_DESC = { .status = 0x02,
						.sense = { 0x73, 0x3, 0x0c, 0 }, 8 };
static const struct sg_answer CONFLICT = { .status = 0x18 };
static const struct sg_answer BUSY = { .status = 0x08 };
static const struct sg_answer NO_SENSE = { .status = 0x02 };
static const struct sg_answer DISRUPTED = { .host = 0x0e };	/* DID_TRANSPORT_DISRUPTED */
static const struct sg_answer NO_CONNECT = { .host = 0x01 };	/* DID_NO_CONNECT */
static const struct sg_answer TIMED_OUT = { .driver = 0x06 };	/* DRIVER_TIMEOUT */
static const struct sg_answer EIO_IOCTL = { .err = EIO };

struct tur_io_case {
	const char *name;
	const struct sg_answer *answers[3];	/* one per SG_IO sent */
	enum tur_state expect;
	const char *why;			/* in the reason */
};

static const struct tur_io_case tur_io_cases[] = {
	{ "ready", { &GOOD }, TUR_UP, "status 0x00" },
	{ "reservation_conflict_is_up", { &CONFLICT }, TUR_UP, "status 0x18" },
	{ "standby_descriptor_sense", { &STANDBY }, TUR_GHOST, "sense 2/04/0b" },
	{ "transitioning", { &TRANSITIONING }, TUR_PENDING, "sense 2/04/0a" },
	{ "lun_not_supported", { &NO_LUN }, TUR_DISCONNECTED, "sense 5/25/00" },
	{ "unit_attention_asked_again", { &UA, &GOOD }, TUR_UP, "status 0x00" },
	{ "busy_asked_again", { &BUSY, &UA, &GOOD }, TUR_UP, "status 0x00" },
	{ "unit_attention_three_times", { &UA, &UA, &UA }, TUR_RETRY,
	  "sense 6/29/00" },
	{ "deferred_error_asked_again", { &DEFERRED, &GOOD }, TUR_UP,
	  "status 0x00" },
	{ "deferred_error_three_times", { &DEFERRED, &DEFERRED_DESC,
					  &DEFERRED }, TUR_RETRY,
	  "deferred error" },
	{ "transport_disrupted_then_ready", { &DISRUPTED, &GOOD }, TUR_UP,
	  "status 0x00" },
	{ "transport_disrupted_stays_down", { &DISRUPTED, &DISRUPTED,
					      &DISRUPTED }, TUR_DOWN,
	  "no answer (host status 0xe)" },
	{ "no_connect_down_at_once", { &NO_CONNECT }, TUR_DOWN,
	  "host status 0x1, driver status 0x0" },
	{ "command_timeout_down", { &TIMED_OUT }, TUR_DOWN, "driver status 0x6" },
	{ "check_condition_without_sense", { &NO_SENSE }, TUR_DOWN,
	  "without usable sense" },
	{ "ioctl_fails", { &EIO_IOCTL }, TUR_DOWN, "SG_IO: Input/output error" },
};

static void tur_io_case(void **state)
{
	const struct tur_io_case *c = *state;
	enum tur_state s;
	char why[256] = "";
	size_t i;

	expect_open(TUR_FLAGS, FD, 0);
	for (i = 0; i < ARRAY_SIZE(c->answers) && c->answers[i]; i++) {
		expect_value(__wrap_ioctl, request, SG_IO);
		expect_value(__wrap_ioctl, io->timeout, 30000);
		will_return(__wrap_ioctl, c->answers[i]);
	}
	s = tur_io_check(DEV, 30000, why, sizeof(why));
	CHECK(s == c->expect, "%s, not %s (%s)", tur_state_name(s),
	      tur_state_name(c->expect), why);
	CHECK(strstr(why, c->why) && !strncmp(why, DEV ": ", 10),
	      "reason '%s' lacks '%s'", why, c->why);
	/* cmocka fails the case if a queued answer was not asked for. */
}

static void tur_io_open_fails(void **state)
{
	char why[256] = "";

	(void)state;
	expect_open(TUR_FLAGS, -1, ENXIO);
	/* No ioctl, no close: cmocka fails on any call not expected. */
	assert_int_equal(tur_io_check(DEV, 5000, why, sizeof(why)), TUR_DOWN);
	assert_string_equal(why, DEV ": No such device or address");
}

/* The checker_timeout reaches the SG_IO header as it is, in ms. */
static void tur_io_timeout_passed(void **state)
{
	char why[256];

	(void)state;
	expect_open(TUR_FLAGS, FD, 0);
	expect_value(__wrap_ioctl, request, SG_IO);
	expect_value(__wrap_ioctl, io->timeout, 1234);
	will_return(__wrap_ioctl, &GOOD);
	assert_int_equal(tur_io_check(DEV, 1234, why, sizeof(why)), TUR_UP);
}

static void tur_io_tests(void)
{
	UNIT_TABLE("tools/tur_io", tur_io_case, tur_io_cases);
	unit_case("tools/tur_io/open_fails", tur_io_open_fails, NULL);
	unit_case("tools/tur_io/timeout_passed", tur_io_timeout_passed, NULL);
}

/* --- scsi_io.c: INQUIRY and REPORT TARGET PORT GROUPS ------------------------------ */

#define SG_FLAGS	(O_RDONLY | O_NONBLOCK)

/* NAA 6 36001405a1b2c3d4e5f60718293a4b5c6: page length 0x14. */
static const unsigned char vpd83[] = {
	0x00, 0x83, 0x00, 0x14,
	0x01, 0x03, 0x00, 0x10, 0x60, 0x01, 0x40, 0x5a, 0x1b, 0x2c, 0x3d, 0x4e,
	0x5f, 0x60, 0x71, 0x82, 0x93, 0xa4, 0xb5, 0xc6,
};

static void expect_inquiry(bool evpd, int page, int mx, const void *data,
			   int n, int result)
{
	expect_value(__wrap_sg_ll_inquiry, evpd, evpd);
	expect_value(__wrap_sg_ll_inquiry, pg_op, page);
	expect_value(__wrap_sg_ll_inquiry, mx_resp_len, mx);
	will_return(__wrap_sg_ll_inquiry, data);
	will_return(__wrap_sg_ll_inquiry, n);
	will_return(__wrap_sg_ll_inquiry, result);
}

/* VPD 0x83: the page as sent, its length from its header, a WWID. */
static void sgio_vpd83(void **state)
{
	unsigned char buf[256];
	char err[128] = "", wwid[128];
	long n;

	(void)state;
	memset(buf, 0xee, sizeof(buf));
	expect_open(SG_FLAGS, FD, 0);
	expect_inquiry(true, 0x83, sizeof(buf), vpd83, sizeof(vpd83), 0);
	n = scsi_io_read_vpd83(DEV, buf, sizeof(buf), err, sizeof(err));
	assert_int_equal(n, sizeof(vpd83));
	assert_memory_equal(buf, vpd83, sizeof(vpd83));
	assert_int_equal(buf[sizeof(vpd83)], 0);	/* zeroed, not 0xee */
	assert_int_equal(vpd_83_wwid(buf, (size_t)n, wwid, sizeof(wwid), err,
				    sizeof(err)), 0);
	assert_string_equal(wwid, "36001405a1b2c3d4e5f60718293a4b5c6");
}

/* A page longer than the buffer: no more than the buffer is claimed. */
static void sgio_vpd83_truncated(void **state)
{
	unsigned char buf[16];
	char err[128];

	(void)state;
	expect_open(SG_FLAGS, FD, 0);
	expect_inquiry(true, 0x83, sizeof(buf), vpd83, sizeof(buf), 0);
	assert_int_equal(scsi_io_read_vpd83(DEV, buf, sizeof(buf), err, sizeof(err)),
			 sizeof(buf));
}

/* The CDB's allocation length is 16 bits: a bigger buffer asks 0xffff. */
static void sgio_vpd80_big_buffer(void **state)
{
	static unsigned char buf[70000];
	static const unsigned char page[] = { 0x00, 0x80, 0x00, 0x04,
					      'S', 'N', '0', '1' };
	char err[128];

	(void)state;
	expect_open(SG_FLAGS, FD, 0);
	expect_inquiry(true, 0x80, 0xffff, page, sizeof(page), 0);
	assert_int_equal(scsi_io_read_vpd80(DEV, buf, sizeof(buf), err, sizeof(err)),
			 8);
	assert_memory_equal(buf + 4, "SN01", 4);
}

/* Standard INQUIRY: EVPD off, length 5 + ADDITIONAL LENGTH. */
static void sgio_std_inquiry(void **state)
{
	unsigned char page[36] = { 0x00, 0x00, 0x06, 0x02, 31 }, buf[96];
	char err[128];

	(void)state;
	page[5] = 0x10;		/* TPGS = 01: implicit ALUA */
	expect_open(SG_FLAGS, FD, 0);
	expect_inquiry(false, 0, sizeof(buf), page, sizeof(page), 0);
	assert_int_equal(scsi_io_read_inquiry(DEV, buf, sizeof(buf), err,
					 sizeof(err)), 36);
	assert_int_equal(buf[5], 0x10);
}

/* An RTPG with the length-only header, @mx bytes asked: @n bytes back. */
static void expect_rtpg(int mx, const void *data, int n)
{
	expect_open(SG_FLAGS, FD, 0);
	expect_value(__wrap_sg_ll_report_tgt_prt_grp2, extended, false);
	expect_value(__wrap_sg_ll_report_tgt_prt_grp2, mx_resp_len, mx);
	will_return(__wrap_sg_ll_report_tgt_prt_grp2, data);
	will_return(__wrap_sg_ll_report_tgt_prt_grp2, n);
	will_return(__wrap_sg_ll_report_tgt_prt_grp2, 0);
}

/* RTPG: length-only header asked; RETURN DATA LENGTH + 8 claimed (LIO). */
static void sgio_rtpg(void **state)
{
	static const unsigned char rtpg[] = {
		0x00, 0x00, 0x00, 0x0c,
		0x80, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x01,
	};
	unsigned char buf[4096];
	char err[128];

	(void)state;
	expect_rtpg(sizeof(buf), rtpg, sizeof(rtpg));
	assert_int_equal(scsi_io_read_rtpg(DEV, buf, sizeof(buf), err, sizeof(err)),
			 0x0c + 8);
	assert_memory_equal(buf, rtpg, sizeof(rtpg));
}

/* RTPG claiming 4 GiB: clamped to what was asked for. */
static void sgio_rtpg_huge_claim(void **state)
{
	static const unsigned char rtpg[] = { 0xff, 0xff, 0xff, 0xf0 };
	unsigned char buf[64];
	char err[128];

	(void)state;
	expect_rtpg(sizeof(buf), rtpg, sizeof(rtpg));
	assert_int_equal(scsi_io_read_rtpg(DEV, buf, sizeof(buf), err, sizeof(err)),
			 sizeof(buf));
}

/* A command the device refuses: -1, its category named, fd closed. */
static void sgio_refused(void **state)
{
	unsigned char buf[64];
	char err[128] = "", want[128], cat[64];

	(void)state;
	expect_open(SG_FLAGS, FD, 0);
	expect_inquiry(true, 0x80, sizeof(buf), NULL, 0, SG_LIB_CAT_ILLEGAL_REQ);
	assert_int_equal(scsi_io_read_vpd80(DEV, buf, sizeof(buf), err, sizeof(err)),
			 -1);
	sg_get_category_sense_str(SG_LIB_CAT_ILLEGAL_REQ, sizeof(cat), cat, 0);
	snprintf(want, sizeof(want), DEV ": INQUIRY VPD 0x80 failed: %s", cat);
	assert_string_equal(err, want);
}

static void sgio_open_fails(void **state)
{
	unsigned char buf[64];
	char err[128] = "";

	(void)state;
	expect_open(SG_FLAGS, -1, EACCES);
	assert_int_equal(scsi_io_read_inquiry(DEV, buf, sizeof(buf), err,
					 sizeof(err)), -1);
	assert_string_equal(err, DEV ": Permission denied");
}

/* Too small for any header: refused before the disk is opened. */
static void sgio_buffer_too_small(void **state)
{
	unsigned char buf[7];
	char err[128] = "";

	(void)state;
	assert_int_equal(scsi_io_read_vpd83(DEV, buf, sizeof(buf), err, sizeof(err)),
			 -1);
	assert_string_equal(err, "SCSI buffer too small");
}

static void sgio_tests(void)
{
	unit_case("tools/sgio/vpd83", sgio_vpd83, NULL);
	unit_case("tools/sgio/vpd83_truncated", sgio_vpd83_truncated, NULL);
	unit_case("tools/sgio/vpd80_big_buffer", sgio_vpd80_big_buffer, NULL);
	unit_case("tools/sgio/std_inquiry", sgio_std_inquiry, NULL);
	unit_case("tools/sgio/rtpg", sgio_rtpg, NULL);
	unit_case("tools/sgio/rtpg_huge_claim", sgio_rtpg_huge_claim, NULL);
	unit_case("tools/sgio/refused", sgio_refused, NULL);
	unit_case("tools/sgio/open_fails", sgio_open_fails, NULL);
	unit_case("tools/sgio/buffer_too_small", sgio_buffer_too_small, NULL);
}

/* --- directio_io.c: one O_DIRECT read of the first block ------------------------ */

#define DIO_FLAGS	(O_RDONLY | O_DIRECT | O_CLOEXEC)

static void expect_dio(int lbs, size_t count, ssize_t got, int err)
{
	static struct sg_answer blksz;

	blksz = (struct sg_answer){ .lbs = lbs, .err = lbs < 0 ? ENOTTY : 0 };
	expect_open(DIO_FLAGS, FD, 0);
	expect_value(__wrap_ioctl, request, BLKSSZGET);
	will_return(__wrap_ioctl, &blksz);
	expect_value(__wrap_pread, count, count);
	will_return(__wrap_pread, got);
	if (got < 0)
		will_return(__wrap_pread, err);
}

static void dio_reads_a_block(void **state)
{
	char why[256] = "";

	(void)state;
	expect_dio(4096, 4096, 4096, 0);
	assert_int_equal(directio_io_check(DEV, 30000, why, sizeof(why)), TUR_UP);
}

static void dio_read_fails(void **state)
{
	char why[256] = "";

	(void)state;
	expect_dio(512, 512, -1, EIO);
	assert_int_equal(directio_io_check(DEV, 30000, why, sizeof(why)),
			 TUR_DOWN);
	CHECK(strstr(why, "Input/output error"), "reason '%s'", why);
}

static void dio_short_read(void **state)
{
	char why[256] = "";

	(void)state;
	expect_dio(512, 512, 100, 0);
	assert_int_equal(directio_io_check(DEV, 30000, why, sizeof(why)),
			 TUR_DOWN);
}

static void dio_open_fails(void **state)
{
	char why[256] = "";

	(void)state;
	expect_open(DIO_FLAGS, -1, ENOENT);
	assert_int_equal(directio_io_check(DEV, 30000, why, sizeof(why)),
			 TUR_DOWN);
	assert_string_equal(why, DEV ": No such file or directory");
}

static void directio_io_tests(void)
{
	unit_case("tools/directio_io/reads_a_block", dio_reads_a_block, NULL);
	unit_case("tools/directio_io/read_fails", dio_read_fails, NULL);
	unit_case("tools/directio_io/short_read", dio_short_read, NULL);
	unit_case("tools/directio_io/open_fails", dio_open_fails, NULL);
}

int main(void)
{
	static const struct unit_suite suites[] = {
		{ "tools/tur_io", tur_io_tests, NULL },
		{ "tools/sgio", sgio_tests, NULL },
		{ "tools/directio_io", directio_io_tests, NULL },
	};

	return unit_main(suites, ARRAY_SIZE(suites), NULL);
}
