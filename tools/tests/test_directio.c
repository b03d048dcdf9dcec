// SPDX-License-Identifier: GPL-2.0-only
/*
 * path_checker directio: the verdict on a read (directio.c), the
 * checker chosen per map from the config (checker_kind.c), the checker's
 * threads running the read (checker.c) so that a blocked disk holds
 * only its own check, and a daemon round (monitor.c) failing a path
 * whose read fails while its TUR would say up. Scripted ops stand in
 * for directio_io.c and tur_io.c; no disk is read.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkers/checker.h"
#include "checkers/checker_kind.h"
#include "conf/config.h"
#include "checkers/directio.h"
#include "fake_mon.h"
#include "fakefs.h"
#include "daemon/monitor.h"
#include "unit.h"
#include "table/status.h"

#define WWID_A	"36001405a1b2c3d4e5f60718293a4b5c6"
#define WWID_B	"3500a098000001234"

/* --- directio_decide(), directio_block_size() ------------------------------ */

struct decide_case {
	const char *name;
	long got;
	int err;
	size_t want;
	long long elapsed_ms;
	unsigned int timeout_ms;
	enum tur_state state;
	const char *why;
};

static const struct decide_case decide_cases[] = {
	{ "read_ok", 512, 0, 512, 3, 30000, TUR_UP, "read 512 bytes" },
	{ "read_4k_ok", 4096, 0, 4096, 0, 1000, TUR_UP, "at sector 0" },
	{ "at_the_timeout_ok", 512, 0, 512, 1000, 1000, TUR_UP, "in 1000 ms" },
	{ "io_error", -1, EIO, 512, 5, 30000, TUR_DOWN, "Input/output error" },
	{ "no_device", -1, ENXIO, 512, 0, 30000, TUR_DOWN,
	  "No such device or address" },
	{ "reservation_conflict_is_up", -1, EBADE, 512, 2, 30000, TUR_UP,
	  "reservation conflict (another host holds the LUN)" },
	{ "reservation_conflict_too_late", -1, EBADE, 512, 30001, 30000,
	  TUR_DOWN, "read of sector 0: " },
	{ "short_read", 256, 0, 512, 1, 30000, TUR_DOWN, "256 of 512 bytes" },
	{ "end_of_device", 0, 0, 512, 1, 30000, TUR_DOWN, "0 of 512 bytes" },
	{ "too_late", 512, 0, 512, 30001, 30000, TUR_DOWN,
	  "more than checker_timeout (30000 ms)" },
};

static void decide_case(void **state)
{
	const struct decide_case *c = *state;
	enum tur_state s;
	char w[192];

	s = directio_decide("/dev/sdb", c->got, c->err, c->want, c->elapsed_ms,
			    c->timeout_ms, w, sizeof(w));
	CHECK(s == c->state && strstr(w, c->why) && !strncmp(w, "/dev/sdb: ", 10),
	      "state %d, why '%s'", s, w);
}

static void block_sizes(void **state)
{
	static const long in[] = { 512, 4096, 65536, -1, 0, 256, 1000, 131072 };
	static const size_t want[] = { 512, 4096, 65536, 512, 512, 512, 512,
				       512 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(in); i++)
		CHECK(directio_block_size(in[i]) == want[i], "%ld: %zu, not %zu",
		      in[i], directio_block_size(in[i]), want[i]);
}

/* --- checker_kind_for() -------------------------------------------------------- */

struct kind_case {
	const char *name, *conf;	/* conf NULL: no config */
	const char *wwid;
	enum checker_kind kind;
};

static const struct kind_case kind_cases[] = {
	{ "no_config", NULL, WWID_A, CHK_TUR },
	{ "default_tur", "", WWID_A, CHK_TUR },
	{ "defaults_directio", "defaults {\n path_checker directio\n}\n",
	  WWID_A, CHK_DIRECTIO },
	{ "old_name", "defaults {\n checker directio\n}\n", WWID_A,
	  CHK_DIRECTIO },
	{ "map_by_wwid", "multipaths {\n multipath {\n  wwid " WWID_A "\n"
	  "  path_checker directio\n }\n}\n", WWID_A, CHK_DIRECTIO },
	{ "other_map_by_wwid", "multipaths {\n multipath {\n  wwid " WWID_A
	  "\n  path_checker directio\n }\n}\n", WWID_B, CHK_TUR },
	{ "device_by_vendor", "devices {\n device {\n  vendor \"LIO-ORG\"\n"
	  "  product \".*\"\n  path_checker directio\n }\n}\n", WWID_B,
	  CHK_DIRECTIO },
	{ "other_vendor", "devices {\n device {\n  vendor \"ACME\"\n"
	  "  product \".*\"\n  path_checker directio\n }\n}\n", WWID_B,
	  CHK_TUR },
	{ "map_over_defaults", "defaults {\n path_checker directio\n}\n"
	  "multipaths {\n multipath {\n  wwid " WWID_A "\n"
	  "  path_checker tur\n }\n}\n", WWID_A, CHK_TUR },
	{ "unknown_wwid", "multipaths {\n multipath {\n  wwid " WWID_A "\n"
	  "  path_checker directio\n }\n}\n", "", CHK_TUR },
};

static void kind_case(void **state)
{
	const struct kind_case *c = *state;
	char root[] = "/tmp/mpath2-directio.XXXXXX";
	struct mpath2_conf *conf = NULL;
	enum checker_kind k;

	CHECK(!fakefs_new(root), "fakefs: %s", strerror(errno));
	if (fakefs_link(root, "dev/block/8:16", "../../block/sdb") ||
	    fakefs_puts(root, "block/sdb/device/vendor", "LIO-ORG \n") ||
	    fakefs_puts(root, "block/sdb/device/model", "e2e \n")) {
		fakefs_remove(root);
		CHECK(0, "fake sysfs");
	}
	if (c->conf)
		conf = config_parse("t.conf", c->conf, strlen(c->conf), stderr);
	if (c->conf && !conf) {
		fakefs_remove(root);
		CHECK(0, "config refused");
	}
	k = checker_kind_for(conf, root, c->wwid, 8, 16);
	config_free(conf);
	fakefs_remove(root);
	CHECK(k == c->kind, "%s, not %s", checker_kind_name(k),
	      checker_kind_name(c->kind));
}

/* --- the checker's threads --------------------------------------------------- */

static enum tur_state tur_says[8], dio_says[8];	/* by disk: sdb 1 ... */
static int tur_calls[8], dio_calls[8];
static int blocked = -1;		/* this disk's read waits for release */
static int release_pipe[2];

static int disk_of(const char *devnode)
{
	size_t n = strlen(devnode);

	return n && devnode[n - 1] >= 'a' && devnode[n - 1] <= 'h' ?
	       devnode[n - 1] - 'a' : 0;
}

static enum tur_state s_tur(const char *devnode, unsigned int timeout_ms,
			    char *why, size_t whylen)
{
	int d = disk_of(devnode);

	(void)timeout_ms;
	__atomic_add_fetch(&tur_calls[d], 1, __ATOMIC_SEQ_CST);
	snprintf(why, whylen, "%s: scripted tur", devnode);
	return tur_says[d];
}

static enum tur_state s_dio(const char *devnode, unsigned int timeout_ms,
			    char *why, size_t whylen)
{
	int d = disk_of(devnode);
	char c;

	__atomic_add_fetch(&dio_calls[d], 1, __ATOMIC_SEQ_CST);
	if (d == blocked && read(release_pipe[0], &c, 1) < 0)
		return TUR_DOWN;
	snprintf(why, whylen, "%s: scripted directio (%u ms)", devnode,
		 timeout_ms);
	return dio_says[d];
}

static long s_vpd83(const char *devnode, unsigned char *buf, size_t len,
		    char *err, size_t errlen)
{
	(void)buf;
	(void)len;
	snprintf(err, errlen, "%s: no VPD here", devnode);
	return -1;
}

static const struct checker_ops scripted = {
	.tur = s_tur, .vpd83 = s_vpd83, .directio = s_dio,
};

/* Reap until @n results are in @res or ~2 s passed; how many. */
static size_t wait_for(struct checker *c, struct checker_result *res, size_t n)
{
	struct pollfd pfd = { checker_fd(c), POLLIN, 0 };
	size_t got = 0;
	int tries;

	for (tries = 0; got < n && tries < 200; tries++) {
		poll(&pfd, 1, 10);
		got += checker_reap(c, res + got, n - got);
	}
	return got;
}

/* Each kind runs its own op; a blocked read holds only its own check. */
static void checker_kinds(void **state)
{
	struct checker_result res[4];
	struct checker *c;
	int ok = -1;
	char why[2048] = "";

	(void)state;
	CHECK(!pipe(release_pipe), "pipe");
	c = checker_new(&scripted);
	CHECK(c, "checker_new");
	blocked = 1;			/* sdb's read hangs */
	dio_says[1] = TUR_UP;
	dio_says[2] = TUR_DOWN;
	tur_says[2] = TUR_UP;
	tur_says[3] = TUR_UP;
	if (checker_start_kind(c, CHK_DIRECTIO, 8, 16, "/dev/sdb", 30000, 0) ||
	    checker_start_kind(c, CHK_DIRECTIO, 8, 32, "/dev/sdc", 30000, 0) ||
	    checker_start(c, 8, 48, "/dev/sdd", 30000, 0)) {
		snprintf(why, sizeof(why), "start failed");
		goto out;
	}
	if (wait_for(c, res, 2) != 2) {
		snprintf(why, sizeof(why), "the others waited for the blocked read");
		goto out;
	}
	if (!checker_running(c, 8, 16) || (res[0].minor == 16 ||
					   res[1].minor == 16)) {
		snprintf(why, sizeof(why), "the blocked read ended");
		goto out;
	}
	if ((res[0].minor == 32 ? res[0].state : res[1].state) != TUR_DOWN ||
	    (res[0].minor == 48 ? res[0].state : res[1].state) != TUR_UP ||
	    tur_calls[2] || dio_calls[3] != 0 || dio_calls[2] != 1 ||
	    tur_calls[3] != 1) {
		snprintf(why, sizeof(why), "wrong op: tur %d %d, directio %d %d",
			 tur_calls[2], tur_calls[3], dio_calls[2], dio_calls[3]);
		goto out;
	}
	if (!strstr(res[0].minor == 32 ? res[0].why : res[1].why,
		    "scripted directio (30000 ms)")) {
		snprintf(why, sizeof(why), "why: '%s' / '%s'", res[0].why, res[1].why);
		goto out;
	}
	if (write(release_pipe[1], "x", 1) != 1 || wait_for(c, res, 1) != 1 ||
	    res[0].minor != 16 || res[0].state != TUR_UP) {
		snprintf(why, sizeof(why), "the released read did not answer up");
		goto out;
	}
	ok = 0;
out:
	if (ok && blocked >= 0 && write(release_pipe[1], "x", 1) != 1)
		perror("release");
	blocked = -1;
	checker_free(c);
	close(release_pipe[0]);
	close(release_pipe[1]);
	if (ok)
		fail_msg("%s", why);
}

/* No directio op: such a check says down, it does not send a TUR. */
static void checker_no_op(void **state)
{
	static const struct checker_ops tur_only = {
		.tur = s_tur, .vpd83 = s_vpd83,
	};
	struct checker *c = checker_new(&tur_only);
	struct checker_result res;
	size_t n;

	(void)state;
	CHECK(c, "checker_new");
	tur_says[1] = TUR_UP;
	if (checker_start_kind(c, CHK_DIRECTIO, 8, 16, "/dev/sdb", 1000, 0)) {
		checker_free(c);
		CHECK(0, "start failed");
	}
	n = wait_for(c, &res, 1);
	checker_free(c);
	CHECK(n == 1 && res.state == TUR_DOWN && !tur_calls[1] &&
	      strstr(res.why, "no directio checker"), "state %d, tur calls %d,"
	      " why '%s'", res.state, tur_calls[1], res.why);
}

/* --- a daemon round ------------------------------------------------------------ */

/* The script as a fresh process has it (unit.h). */
void directio_reset(void)
{
	memset(tur_says, 0, sizeof(tur_says));
	memset(dio_says, 0, sizeof(dio_says));
	memset(tur_calls, 0, sizeof(tur_calls));
	memset(dio_calls, 0, sizeof(dio_calls));
	blocked = -1;
}


struct round_case {
	const char *name, *conf;
	const char *sent;
	int tur_calls, dio_calls;	/* per disk */
};

static const struct round_case round_cases[] = {
	/* sdb's read fails while its TUR would say up: failed. */
	{ "directio_fails_path", "defaults {\n path_checker directio\n}\n",
	  "lun0: fail_path 8:16\n", 0, 1 },
	{ "directio_for_this_map", "multipaths {\n multipath {\n  wwid "
	  WWID_A "\n  path_checker directio\n }\n}\n",
	  "lun0: fail_path 8:16\n", 0, 1 },
	/* The same disks with tur: up, nothing sent. */
	{ "tur_by_default", "", "", 1, 0 },
	{ "directio_for_another_map", "multipaths {\n multipath {\n  wwid "
	  WWID_B "\n  path_checker directio\n }\n}\n", "", 1, 0 },
};

static void round_case(void **state)
{
	const struct round_case *c = *state;
	char root[] = "/tmp/mpath2-directio.XXXXXX", *log = NULL;
	struct pollfd pfd;
	struct mpath2_conf *conf = NULL;
	struct checker *chk = NULL;
	struct monitor mon;
	size_t loglen = 0;
	FILE *logf = NULL;
	int got = 0, tries, ok = -1;
	char why[2048] = "";

	CHECK(!fakefs_new(root), "fakefs: %s", strerror(errno));
	memset(&mon, 0, sizeof(mon));
	fake_mon_set("8:16A 8:32A");
	tur_says[1] = tur_says[2] = TUR_UP;
	dio_says[1] = TUR_DOWN;
	dio_says[2] = TUR_UP;
	if (fakefs_link(root, "dev/block/8:16", "../../block/sdb") ||
	    fakefs_link(root, "dev/block/8:32", "../../block/sdc") ||
	    fakefs_mkdir(root, "block/sdb") || fakefs_mkdir(root, "block/sdc")) {
		snprintf(why, sizeof(why), "fake sysfs");
		goto out;
	}
	conf = config_parse("t.conf", c->conf, strlen(c->conf), stderr);
	logf = open_memstream(&log, &loglen);
	chk = checker_new(&scripted);
	if (!conf || !logf || !chk) {
		snprintf(why, sizeof(why), "setup");
		goto out;
	}
	monitor_init(&mon, &fake_mon_dm, chk, root, logf, 5, 20, 30);
	mon.conf = conf;
	if (monitor_refresh(&mon, 0) || monitor_start_due(&mon, 0) != 2) {
		snprintf(why, sizeof(why), "no round");
		goto out;
	}
	pfd = (struct pollfd){ checker_fd(chk), POLLIN, 0 };
	for (tries = 0; got < 2 && tries < 200; tries++) {
		poll(&pfd, 1, 10);
		got += monitor_collect(&mon, 0);
	}
	fflush(logf);
	if (got != 2)
		snprintf(why, sizeof(why), "%d answers", got);
	else if (strcmp(fake_mon_sent, c->sent))
		snprintf(why, sizeof(why), "sent '%s', not '%s'; log: %s",
			 fake_mon_sent, c->sent, log);
	else if (tur_calls[1] != c->tur_calls || dio_calls[1] != c->dio_calls ||
		 tur_calls[2] != c->tur_calls || dio_calls[2] != c->dio_calls)
		snprintf(why, sizeof(why), "tur %d/%d, directio %d/%d calls",
			 tur_calls[1], tur_calls[2], dio_calls[1], dio_calls[2]);
	else if (c->dio_calls && !strstr(log, "scripted directio (30000 ms)"))
		snprintf(why, sizeof(why), "log: %s", log);
	else
		ok = 0;
out:
	checker_free(chk);
	monitor_free(&mon);
	config_free(conf);
	if (logf)
		fclose(logf);
	free(log);
	fakefs_remove(root);
	if (ok)
		fail_msg("%s", why);
}

void directio_tests(void)
{
	UNIT_TABLE("tools/directio/decide", decide_case, decide_cases);
	unit_case("tools/directio/block_size", block_sizes, NULL);
	UNIT_TABLE("tools/directio/kind", kind_case, kind_cases);
	unit_case("tools/directio/checker/kinds_and_blocked_read",
		 checker_kinds, NULL);
	unit_case("tools/directio/checker/no_op_is_down", checker_no_op, NULL);
	UNIT_TABLE("tools/directio/round", round_case, round_cases);
}
