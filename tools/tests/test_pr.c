// SPDX-License-Identifier: GPL-2.0-only
/*
 * Persistent reservations and online resize: pr.c's CDBs, keys, types
 * and answers; mpath2ctl persist against tests/fake_pr_io.c's LUN (each
 * path its own I_T nexus) over fake_mpdm.c's maps (alua0: sdb, sdc, sdi
 * usable; mpatha: sdb failed, sdc usable); blockdev_grown() and
 * mpath2ctl resize against the fake sysfs, path sizes changed per case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "fake_mpdm.h"
#include "fake_pr_io.h"
#include "fakefs.h"
#include "lib/blockdev.h"
#include "lib/common.h"
#include "lib/pr.h"
#include "lib/pr_io.h"
#include "unit.h"

#define PCI	"devices/pci0000:00/0000:00:05.0/host0/target0:0:0/"
#define SDB	PCI "0:0:0:0/block/sdb/"
#define SDC	PCI "0:0:0:1/block/sdc/"

/* The fake sysfs as test_main.c made it, and a fresh LUN. */
static void pr_reset(void)
{
	char path[512];

	fakefs_puts(fake_sysfs, SDB "size", "2097152\n");
	fakefs_puts(fake_sysfs, SDC "size", "2097152\n");
	snprintf(path, sizeof(path), "%s/" SDC "device/state", fake_sysfs);
	unlink(path);
	fake_pr_reset();
}

/* ---- pr.c ---------------------------------------------------------- */

static void types(void **state)
{
	static const struct { const char *s; unsigned int t; } ok[] = {
		{ "we", 1 }, { "ea", 3 }, { "we-ro", 5 }, { "ea-ro", 6 },
		{ "we-ar", 7 }, { "ea-ar", 8 }, { "5", 5 },
		{ "write-exclusive-registrants-only", 5 },
		{ "exclusive-access-all-registrants", 8 },
	};
	static const char *const bad[] = { "", "0", "2", "4", "9", "55", "WE",
					   "we-", "exclusive" };
	char err[ERRLEN];
	unsigned int t;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		t = 0;
		CHECK(!pr_type_parse(ok[i].s, &t, err, sizeof(err)) &&
		      t == ok[i].t, "'%s': %u, not %u", ok[i].s, t, ok[i].t);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		CHECK(pr_type_parse(bad[i], &t, err, sizeof(err)) &&
		      strstr(err, "unknown reservation type"), "'%s' taken",
		      bad[i]);
	CHECK(!strcmp(pr_type_name(6), "exclusive-access-registrants-only") &&
	      !strcmp(pr_type_short(7), "we-ar") &&
	      !strcmp(pr_type_name(2), "type 0x2") &&
	      !strcmp(pr_type_short(0), "?"), "type names");
}

static void keys(void **state)
{
	static const struct { const char *s; uint64_t k; } ok[] = {
		{ "1", 1 }, { "0x1", 1 }, { "abc", 0xabc }, { "0XaBc", 0xabc },
		{ "ffffffffffffffff", ~0ULL }, { "0x0123456789abcdef",
						 0x0123456789abcdefULL },
	};
	static const char *const bad[] = { "", "0x", "g1", "1 ", "-1",
					   "12345678901234567", "0x0x1" };
	char err[ERRLEN];
	uint64_t k;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		k = 0;
		CHECK(!pr_key_parse(ok[i].s, &k, err, sizeof(err)) &&
		      k == ok[i].k, "'%s' read as 0x%llx", ok[i].s,
		      (unsigned long long)k);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		CHECK(pr_key_parse(bad[i], &k, err, sizeof(err)), "'%s' taken",
		      bad[i]);
}

static void cdbs(void **state)
{
	static const unsigned char out[PR_CDB_LEN] = { 0x5f, 0x01, 0x05, 0, 0,
						       0, 0, 0, 24, 0 };
	static const unsigned char in[PR_CDB_LEN] = { 0x5e, 0x01, 0, 0, 0, 0,
						      0, 0x02, 0x08, 0 };
	static const unsigned char param[PR_PARAM_LEN] = {
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
		0, 0, 0, 0, 0, 0, 0xab, 0xcd };
	unsigned char c[PR_CDB_LEN], p[PR_PARAM_LEN];

	(void)state;
	pr_out_cdb(c, PR_RESERVE, 5);
	CHECK(!memcmp(c, out, sizeof(c)), "RESERVE we-ro CDB");
	pr_in_cdb(c, PR_READ_RESERVATION, 520);
	CHECK(!memcmp(c, in, sizeof(c)), "READ RESERVATION CDB");
	pr_out_param(p, 0x0102030405060708ULL, 0xabcd);
	CHECK(!memcmp(p, param, sizeof(p)), "parameter list");
	pr_out_cdb(c, PR_REGISTER_IGNORE, 0);
	CHECK(c[1] == 0x06 && c[2] == 0, "REGISTER AND IGNORE CDB");
}

static void parse_answers(void **state)
{
	static const unsigned char two[] = { 0, 0, 0, 7, 0, 0, 0, 16,
		0, 0, 0, 0, 0, 0, 0x0a, 0xbc, 0, 0, 0, 0, 0, 0, 0, 0x42 };
	static const unsigned char odd[] = { 0, 0, 0, 1, 0, 0, 0, 12 };
	static const unsigned char resv[24] = { 0, 0, 0, 9, 0, 0, 0, 16,
		0, 0, 0, 0, 0, 0, 0x0a, 0xbc, [21] = 0x05 };
	static const unsigned char none[8] = { 0, 0, 0, 3 };
	char err[ERRLEN];
	struct pr_keys k;
	struct pr_resv r;

	(void)state;
	CHECK(!pr_parse_keys(two, sizeof(two), &k, err, sizeof(err)) &&
	      k.generation == 7 && k.nr == 2 && k.kept == 2 &&
	      k.keys[0] == 0xabc && k.keys[1] == 0x42 && pr_has_key(&k, 0x42) &&
	      !pr_has_key(&k, 0x43), "two keys");
	/* The LUN has two, the buffer holds one: counted, one kept. */
	CHECK(!pr_parse_keys(two, 16, &k, err, sizeof(err)) && k.nr == 2 &&
	      k.kept == 1 && !pr_has_key(&k, 0x42), "cut short");
	CHECK(pr_parse_keys(odd, sizeof(odd), &k, err, sizeof(err)) &&
	      strstr(err, "multiple of 8"), "length 12 taken");
	CHECK(pr_parse_keys(two, 7, &k, err, sizeof(err)), "7 bytes taken");
	CHECK(!pr_parse_resv(resv, sizeof(resv), &r, err, sizeof(err)) &&
	      r.held && r.key == 0xabc && r.type == 5 && r.scope == 0 &&
	      r.generation == 9, "a reservation");
	CHECK(!pr_parse_resv(none, sizeof(none), &r, err, sizeof(err)) &&
	      !r.held && r.generation == 3, "no reservation");
	CHECK(pr_parse_resv(resv, 20, &r, err, sizeof(err)), "20 bytes taken");
}

static void outcomes(void **state)
{
	static const unsigned char sense[18] = { 0x70, 0, 0x05, 0, 0, 0, 0, 10,
		0, 0, 0, 0, 0x24, 0x00 };
	struct pr_answer a;
	char t[160];

	(void)state;
	memset(&a, 0, sizeof(a));
	pr_classify(&a, 0, 0, 0, NULL, 0);
	CHECK(a.outcome == PR_GOOD, "GOOD");
	pr_classify(&a, 0x18, 0, 0, NULL, 0);
	pr_answer_text(&a, t, sizeof(t));
	CHECK(a.outcome == PR_CONFLICT && !strcmp(t, "RESERVATION CONFLICT"),
	      "conflict: %s", t);
	pr_classify(&a, 0x02, 0, 0, sense, sizeof(sense));
	pr_answer_text(&a, t, sizeof(t));
	CHECK(a.outcome == PR_CHECK && strstr(t, "ILLEGAL REQUEST 24/00") &&
	      strstr(t, "invalid field in CDB"), "check: %s", t);
	pr_classify(&a, 0x02, 0, 0, sense, 4);
	pr_answer_text(&a, t, sizeof(t));
	CHECK(a.outcome == PR_CHECK && strstr(t, "no usable sense"), "%s", t);
	pr_classify(&a, 0x08, 0, 0, NULL, 0);
	pr_answer_text(&a, t, sizeof(t));
	CHECK(a.outcome == PR_STATUS && strstr(t, "BUSY"), "busy: %s", t);
	/* A transport error wins over whatever status came with it. */
	pr_classify(&a, 0x18, 0x0e, 0, NULL, 0);
	CHECK(a.outcome == PR_NO_ANSWER, "DID_TRANSPORT_DISRUPTED");
	pr_classify(&a, 0, 0, 0x06, NULL, 0);
	pr_answer_text(&a, t, sizeof(t));
	CHECK(a.outcome == PR_NO_ANSWER && strstr(t, "timed out"), "%s", t);
}

/* pr_classify()'s sense, read by libsgutils2 through tur_sense(). */
static void sense_formats(void **state)
{
	static const unsigned char desc_ua[8] = { 0x72, 0x06, 0x2a, 0x03 };
	static const unsigned char deferred[18] = { 0x71, 0, 0x04, 0, 0, 0, 0,
		10, 0, 0, 0, 0, 0x08, 0x00 };
	static const unsigned char short_addl[18] = { 0x70, 0, 0x06, 0, 0, 0,
		0, 5, 0, 0, 0, 0, 0x29, 0x00 };
	struct pr_answer a;
	char t[160];

	(void)state;
	memset(&a, 0, sizeof(a));
	pr_classify(&a, 0x02, 0, 0, desc_ua, sizeof(desc_ua));
	pr_answer_text(&a, t, sizeof(t));
	CHECK(pr_unit_attention(&a) &&
	      !strcmp(t, "CHECK CONDITION UNIT ATTENTION 2a/03 (reservations"
		      " preempted)"), "descriptor: %s", t);
	pr_classify(&a, 0x02, 0, 0, deferred, sizeof(deferred));
	pr_answer_text(&a, t, sizeof(t));
	CHECK(!pr_unit_attention(&a) && strstr(t, "HARDWARE ERROR 08/00"),
	      "deferred: %s", t);
	/* The UNIT ATTENTION's ASC is past its additional length. */
	pr_classify(&a, 0x02, 0, 0, short_addl, sizeof(short_addl));
	pr_answer_text(&a, t, sizeof(t));
	CHECK(!pr_unit_attention(&a) && strstr(t, "no usable sense"),
	      "additional length 5: %s", t);
	pr_classify(&a, 0x02, 0, 0, NULL, 0);
	pr_answer_text(&a, t, sizeof(t));
	CHECK(a.outcome == PR_CHECK && strstr(t, "no usable sense"), "none: %s",
	      t);
}

/* ---- mpath2ctl persist / resize through cli_main -------------------- */

struct run {
	int status;
	char *out, *err;
};

static void run_cli(struct run *r, const char *const *args)
{
	char *argv[16] = { "mpath2ctl" };
	size_t outlen = 0, errlen = 0;
	struct cli_ctl ctl = { 0 };
	int argc = 1;

	while (args[argc - 1] && argc < 15) {
		argv[argc] = (char *)args[argc - 1];
		argc++;
	}
	ctl.out = open_memstream(&r->out, &outlen);
	ctl.err = open_memstream(&r->err, &errlen);
	ctl.sysfs = fake_sysfs;
	CHECK(ctl.out && ctl.err, "open_memstream failed");
	r->status = cli_main(argc, argv, &ctl);
	fclose(ctl.out);
	fclose(ctl.err);
}

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

#define RUN(r, ...)							\
	do {								\
		static const char *const args_[] = { __VA_ARGS__, NULL }; \
		run_cli(r, args_);					\
	} while (0)

static int calls(const char *dev)
{
	return fake_pr_nexus(dev)->calls;
}

static void register_every_path(void **state)
{
	struct run r;

	(void)state;
	RUN(&r, "persist", "alua0", "--register", "0xabc");
	CHECK(r.status == 0, "exit %d: %s", r.status, r.err);
	CHECK(strstr(r.out, "sdb 8:16: GOOD\n") &&
	      strstr(r.out, "sdc 8:32: GOOD\n") &&
	      strstr(r.out, "sdi 8:128: GOOD\n"), "out: %s", r.out);
	CHECK(fake_pr.nexus[0].key == 0xabc && fake_pr.nexus[1].key == 0xabc &&
	      fake_pr.nexus[2].key == 0xabc, "not registered on every path");
	CHECK(fake_pr.last_timeout_ms == 10000, "timeout %u ms",
	      fake_pr.last_timeout_ms);
	run_free(&r);
	RUN(&r, "persist", "alua0", "--read-keys", "--timeout", "3");
	CHECK(r.status == 0 && strstr(r.out, "sdc 8:32: GOOD, generation 0x3,"
				      " 3 keys: 0xabc 0xabc 0xabc\n"),
	      "read-keys: %s", r.out);
	CHECK(fake_pr.last_timeout_ms == 3000, "--timeout 3 sent %u ms",
	      fake_pr.last_timeout_ms);
	run_free(&r);
	RUN(&r, "persist", "alua0", "--unregister");
	CHECK(r.status == 0 && !fake_pr.nexus[0].key && !fake_pr.nexus[2].key,
	      "unregister: %s", r.err);
	run_free(&r);
}

static void failed_path_skipped(void **state)
{
	struct run r;

	(void)state;
	RUN(&r, "persist", "mpatha", "--register", "abc");
	CHECK(r.status == 0, "exit %d: %s", r.status, r.err);
	CHECK(strstr(r.out, "sdb 8:16: skipped: failed in the map\n") &&
	      strstr(r.out, "sdc 8:32: GOOD\n"), "out: %s", r.out);
	CHECK(!calls("/dev/sdb") && calls("/dev/sdc") == 1 &&
	      !fake_pr.nexus[0].key, "sent to the failed path");
	run_free(&r);
	/* sdc's SCSI device offline: no usable path, nothing sent. */
	CHECK(!fakefs_puts(fake_sysfs, SDC "device/state", "offline\n"),
	      "cannot write the state");
	RUN(&r, "persist", "mpatha", "--read-keys");
	CHECK(r.status == 1 && strstr(r.err, "no usable path") &&
	      strstr(r.out, "sdc 8:32: skipped: its SCSI device is not running"
		     " (state offline)"), "out: %s err: %s", r.out, r.err);
	CHECK(calls("/dev/sdc") == 1, "sent to an offline device");
	run_free(&r);
	pr_reset();	/* the next suites' sysfs */
}

static void path_without_answer(void **state)
{
	struct run r;

	(void)state;
	fake_pr_nexus("/dev/sdc")->force = PR_NO_ANSWER;
	RUN(&r, "persist", "alua0", "--register", "abc");
	CHECK(r.status == 1 && strstr(r.err, "1 of 3 usable paths did not"
				      " answer GOOD") &&
	      strstr(r.out, "sdc 8:32: no answer (host status 0x3, driver"
		     " status 0x0, timed out)"), "out: %s err: %s", r.out,
	      r.err);
	CHECK(fake_pr.nexus[0].key == 0xabc && fake_pr.nexus[2].key == 0xabc,
	      "the paths that answered not registered");
	run_free(&r);
	/* The reads need one answer. */
	RUN(&r, "persist", "alua0", "--read-reservation");
	CHECK(r.status == 0 && strstr(r.out, "sdb 8:16: GOOD, generation 0x2,"
				      " no reservation"), "out: %s", r.out);
	run_free(&r);
}

static void unit_attention(void **state)
{
	struct run r;

	(void)state;
	/* One UNIT ATTENTION: asked again, GOOD, and the event told. */
	fake_pr_nexus("/dev/sdc")->ua = 1;
	RUN(&r, "persist", "alua0", "--register", "abc");
	CHECK(r.status == 0 && strstr(r.out, "sdc 8:32: GOOD (after UNIT"
				      " ATTENTION 2a/04 (reservations"
				      " released))\n"), "out: %s", r.out);
	CHECK(calls("/dev/sdc") == 2 && fake_pr.nexus[1].key == 0xabc,
	      "%d calls to sdc", calls("/dev/sdc"));
	run_free(&r);
	/* The reads too. */
	fake_pr_nexus("/dev/sdb")->ua = 2;
	RUN(&r, "persist", "alua0", "--read-keys");
	CHECK(r.status == 0 && strstr(r.out, "sdb 8:16: GOOD, generation"),
	      "out: %s", r.out);
	run_free(&r);
	/* Three in a row (after 2 earlier calls): given up, reported. */
	fake_pr_nexus("/dev/sdi")->ua = 3;
	RUN(&r, "persist", "alua0", "--unregister");
	CHECK(r.status == 1 && strstr(r.out, "sdi 8:128: CHECK CONDITION UNIT"
				      " ATTENTION 2a/04") &&
	      calls("/dev/sdi") == 5 && fake_pr.nexus[2].key == 0xabc,
	      "out: %s, %d calls", r.out, calls("/dev/sdi"));
	run_free(&r);
}

static void reserve_one_path(void **state)
{
	struct run r;

	(void)state;
	RUN(&r, "persist", "alua0", "--register", "abc");
	run_free(&r);
	fake_pr_nexus("/dev/sdb")->force = PR_NOT_SENT;
	RUN(&r, "persist", "alua0", "--reserve", "--key", "abc", "--type",
	    "we-ro");
	CHECK(r.status == 0, "exit %d: %s", r.status, r.err);
	CHECK(strstr(r.out, "sdb 8:16: not sent: /dev/sdb:") &&
	      strstr(r.out, "sdc 8:32: GOOD\n") &&
	      strstr(r.out, "sdi 8:128: not sent: done through another path"),
	      "out: %s", r.out);
	CHECK(fake_pr.reserved && fake_pr.resv_type == 5 &&
	      fake_pr.resv_key == 0xabc && fake_pr.resv_holder == 1,
	      "no reservation through sdc");
	CHECK(calls("/dev/sdi") == 1, "reserve went on after a GOOD");
	run_free(&r);
	fake_pr_nexus("/dev/sdb")->force = PR_GOOD;
	RUN(&r, "persist", "alua0", "--read-reservation");
	CHECK(r.status == 0 && strstr(r.out, "sdi 8:128: GOOD, generation 0x3,"
				      " reservation by key 0xabc, type we-ro"
				      " (write-exclusive-registrants-only)"),
	      "out: %s", r.out);
	run_free(&r);
	/* Release on every path: the holder's (sdc) ends it. */
	RUN(&r, "persist", "alua0", "--release", "--key", "abc", "--type",
	    "we-ro");
	CHECK(r.status == 0 && !fake_pr.reserved, "release: %s %s", r.out,
	      r.err);
	run_free(&r);
	/* A key this host did not register: every path refuses. */
	RUN(&r, "persist", "alua0", "--reserve", "--key", "def", "--type",
	    "ea");
	CHECK(r.status == 1 && strstr(r.err, "no path answered GOOD") &&
	      strstr(r.out, "sdi 8:128: RESERVATION CONFLICT"), "out: %s",
	      r.out);
	run_free(&r);
}

static void fence_other_host(void **state)
{
	struct run r;

	(void)state;
	/* Host B on sdi holds Write Exclusive, Registrants Only. */
	fake_pr.nexus[2].key = 0xb;
	fake_pr.reserved = 1;
	fake_pr.resv_key = 0xb;
	fake_pr.resv_type = 5;
	fake_pr.resv_holder = 2;
	RUN(&r, "persist", "mpatha", "--register", "a");
	run_free(&r);
	RUN(&r, "persist", "mpatha", "--preempt-abort", "b", "--key", "a",
	    "--type", "we-ro");
	CHECK(r.status == 0 && strstr(r.out, "sdc 8:32: GOOD"), "out: %s err: %s",
	      r.out, r.err);
	CHECK(!fake_pr.nexus[2].key && fake_pr.resv_key == 0xa &&
	      fake_pr.resv_holder == 1, "B not preempted");
	run_free(&r);
	RUN(&r, "persist", "mpatha", "--clear", "--key", "a");
	CHECK(r.status == 0 && !fake_pr.reserved && !fake_pr.nexus[1].key,
	      "clear: %s", r.err);
	run_free(&r);
}

static void ioctl_on_map(void **state)
{
	struct run r;

	(void)state;
	RUN(&r, "persist", "alua0", "--preempt-abort", "b", "--key", "a",
	    "--type", "we-ro", "--ioctl");
	CHECK(r.status == 0 && !strcmp(r.out, "/dev/mapper/alua0:"
				       " IOC_PR_PREEMPT_ABORT returned 0\n"),
	      "out: %s err: %s", r.out, r.err);
	CHECK(!strcmp(fake_pr.ioctl_node, "/dev/mapper/alua0") &&
	      fake_pr.ioctl_op == PR_IOC_PREEMPT_ABORT &&
	      fake_pr.ioctl_key == 0xa && fake_pr.ioctl_sa_key == 0xb &&
	      fake_pr.ioctl_type == 5, "asked %s op %d", fake_pr.ioctl_node,
	      fake_pr.ioctl_op);
	CHECK(!calls("/dev/sdb") && !calls("/dev/sdc"), "SG_IO sent");
	run_free(&r);
	/* 6.1: sd's raw SCSI result comes back as the return value. */
	fake_pr.ioctl_ret = 0x18;
	RUN(&r, "persist", "alua0", "--unregister", "--ioctl");
	CHECK(r.status == 1 && strstr(r.out, "returned 24 (0x18): a SCSI"
				      " result or PR_STS code, not an errno"
				      " (RESERVATION CONFLICT)") &&
	      fake_pr.ioctl_op == PR_IOC_REGISTER && !fake_pr.ioctl_sa_key,
	      "out: %s", r.out);
	run_free(&r);
	fake_pr.ioctl_ret = -1;
	fake_pr.ioctl_errno = 11;	/* EAGAIN: a suspended map */
	RUN(&r, "persist", "alua0", "--clear", "--key", "a", "--ioctl");
	CHECK(r.status == 1 && strstr(r.err, "IOC_PR_CLEAR failed: Resource"
				      " temporarily unavailable"), "err: %s",
	      r.err);
	run_free(&r);
	RUN(&r, "persist", "alua0", "--read-keys", "--ioctl");
	CHECK(r.status == 1 && strstr(r.err, "no read ioctl"), "err: %s", r.err);
	run_free(&r);
}

static void persist_operands(void **state)
{
	static const struct {
		const char *args[8];
		const char *err;
	} bad[] = {
		{ { "persist", "alua0" }, "usage: mpath2ctl persist NAME" },
		{ { "persist", "alua0", "--reserve", "--key", "1" },
		  "needs --type" },
		{ { "persist", "alua0", "--reserve", "--type", "we" },
		  "needs --key" },
		{ { "persist", "alua0", "--register", "xyz" },
		  "not a reservation key" },
		{ { "persist", "alua0", "--register", "0" }, "--unregister" },
		{ { "persist", "alua0", "--register" }, "needs a KEY" },
		{ { "persist", "alua0", "--read-keys", "--key", "1" },
		  "--key and --type go with" },
		{ { "persist", "alua0", "--read-keys", "--register", "1" },
		  "one action at a time" },
		{ { "persist", "alua0", "--read-keys", "--timeout", "0" },
		  "--timeout: 1-300" },
		{ { "persist", "alua0", "--read-keys", "--timeout", "5s" },
		  "--timeout: 1-300" },
		{ { "persist", "alua0", "--clear", "--key", "1", "--type", "2" },
		  "unknown reservation type" },
		{ { "persist", "alua0", "--read-keys", "--all" },
		  "unknown option" },
		{ { "persist", "linear0", "--read-keys" }, "" },
	};
	struct run r;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		run_cli(&r, bad[i].args);
		CHECK(r.status == 1 && strstr(r.err, bad[i].err),
		      "case %zu: exit %d, err: %s", i, r.status, r.err);
		run_free(&r);
	}
	CHECK(!calls("/dev/sdb") && !calls("/dev/sdc") && !calls("/dev/sdi"),
	      "a refused command sent something");
}

static void grown(void **state)
{
	static const struct blockdev same[2] = { { 8, 16, 4096, 512 },
						 { 8, 32, 4096, 512 } };
	static const struct blockdev differ[2] = { { 8, 16, 4096, 512 },
						   { 8, 32, 2048, 512 } };
	static const struct blockdev lbs[2] = { { 8, 16, 4096, 512 },
						{ 8, 32, 4096, 4096 } };
	unsigned long long s = 0;
	char err[ERRLEN];

	(void)state;
	CHECK(!blockdev_grown(same, 2, 2048, &s, err, sizeof(err)) && s == 4096,
	      "grown: %s", err);
	CHECK(!blockdev_grown(same, 2, 4096, &s, err, sizeof(err)) && s == 4096,
	      "unchanged: %s", err);
	CHECK(blockdev_grown(same, 2, 8192, &s, err, sizeof(err)) &&
	      strstr(err, "8:16 has 4096 sectors, fewer than the map's 8192"),
	      "smaller: %s", err);
	CHECK(blockdev_grown(differ, 2, 2048, &s, err, sizeof(err)) &&
	      strstr(err, "paths differ in size"), "disagree: %s", err);
	CHECK(blockdev_grown(lbs, 2, 2048, &s, err, sizeof(err)) &&
	      strstr(err, "logical block size"), "block sizes: %s", err);
	CHECK(blockdev_grown(same, 0, 2048, &s, err, sizeof(err)), "no path");
}

static void resize_cli(void **state)
{
	struct run r;

	(void)state;
	/* Paths and map of one size: nothing reloaded. */
	RUN(&r, "resize", "mpatha");
	CHECK(r.status == 0 && strstr(r.out, "nothing to do") &&
	      !strstr(fake_dm_sent, "reload"), "same size: %s %s", r.out,
	      fake_dm_sent);
	run_free(&r);
	/* sdc has grown, sdb (failed, not rescanned) not yet: refused. */
	CHECK(!fakefs_puts(fake_sysfs, SDC "size", "4194304\n"), "write");
	RUN(&r, "resize", "mpatha");
	CHECK(r.status == 1 && strstr(r.err, "not resized: paths differ in"
				      " size: 8:16 has 2097152 sectors, 8:32"
				      " has 4194304") &&
	      !strstr(fake_dm_sent, "reload"), "disagree: %s", r.err);
	run_free(&r);
	CHECK(!fakefs_puts(fake_sysfs, SDB "size", "4194304\n"), "write");
	RUN(&r, "resize", "mpatha", "--dry-run");
	CHECK(r.status == 0 && strstr(r.out, "0 4194304 mpath2 2 queue_mode"
				      " bio 0 2 2 round-robin") &&
	      !strstr(fake_dm_sent, "reload"), "dry run: %s", r.out);
	run_free(&r);
	RUN(&r, "resize", "mpatha");
	CHECK(r.status == 0 && strstr(r.out, "2097152 -> 4194304 sectors") &&
	      !strcmp(fake_dm_sent, "mpatha: reload 0 4194304 2 queue_mode bio"
		      " 0 2 2 round-robin 0 1 1 8:16 1 round-robin 0 1 1 8:32"
		      " 1 "), "grow: %s / %s", r.err, fake_dm_sent);
	run_free(&r);
	/* A map larger than its paths (mpathb, 100 GiB): no shrinking. */
	RUN(&r, "resize", "mpathb");
	CHECK(r.status == 1 && strstr(r.err, "fewer than the map's 209715200"),
	      "smaller: %s", r.err);
	run_free(&r);
	RUN(&r, "resize", "mpatha", "--all");
	CHECK(r.status == 1 && strstr(r.err, "unknown option"), "%s", r.err);
	run_free(&r);
	pr_reset();	/* the next suites' sysfs */
}


void pr_tests(void)
{
	unit_case("tools/pr/types", types, NULL);
	unit_case("tools/pr/keys", keys, NULL);
	unit_case("tools/pr/cdbs", cdbs, NULL);
	unit_case("tools/pr/parse_answers", parse_answers, NULL);
	unit_case("tools/pr/outcomes", outcomes, NULL);
	unit_case("tools/pr/sense_formats", sense_formats, NULL);
	unit_case("tools/pr/register_every_path", register_every_path, NULL);
	unit_case("tools/pr/failed_path_skipped", failed_path_skipped, NULL);
	unit_case("tools/pr/path_without_answer", path_without_answer, NULL);
	unit_case("tools/pr/unit_attention", unit_attention, NULL);
	unit_case("tools/pr/reserve_one_path", reserve_one_path, NULL);
	unit_case("tools/pr/fence_other_host", fence_other_host, NULL);
	unit_case("tools/pr/ioctl_on_map", ioctl_on_map, NULL);
	unit_case("tools/pr/persist_operands", persist_operands, NULL);
	unit_case("tools/pr/blockdev_grown", grown, NULL);
	unit_case("tools/pr/resize", resize_cli, NULL);
}

void pr_suite_reset(void)
{
	pr_reset();
}
