// SPDX-License-Identifier: GPL-2.0-only
/*
 * The daemon's logic: pathstate.c's decisions, remap.c's tables,
 * holders.c, then monitor.c's check rounds and hotplug.c against a
 * model kernel (tests/fake_mon.h: lun0, uuid mpath2-WWID_A, one group
 * per path, whose paths change state on fail_path and reinstate_path, as
 * the target's do) and a scripted checker whose disks answer what each
 * case says, one of them never, until released. sdb is 8:16, sdc 8:32.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkers/checker.h"
#include "conf/config.h"
#include "fake_mon.h"
#include "fakefs.h"
#include "lib/holders.h"
#include "daemon/monitor.h"
#include "cli/cli.h"
#include "daemon/daemon.h"
#include "daemon/hotplug.h"
#include "daemon/pathstate.h"
#include "table/remap.h"
#include "unit.h"
#include "table/status.h"

#define WWID_A	"36001405a1b2c3d4e5f60718293a4b5c6"
#define WWID_B	"3500a098000001234"

static const unsigned char page_a[] = { 0x00, 0x83, 0x00, 0x14,
	0x01, 0x03, 0x00, 0x10, 0x60, 0x01, 0x40, 0x5a, 0x1b, 0x2c, 0x3d, 0x4e,
	0x5f, 0x60, 0x71, 0x82, 0x93, 0xa4, 0xb5, 0xc6 };
static const unsigned char page_b[] = { 0x00, 0x83, 0x00, 0x0c,
	0x01, 0x03, 0x00, 0x08, 0x50, 0x0a, 0x09, 0x80, 0x00, 0x00, 0x12, 0x34 };

/* --- pathstate.c ------------------------------------------------------------ */

struct decide_case {
	char kstate;
	enum tur_state st;
	int wwid_read, wwid_same;
	enum pathstate_action want;
};

static const struct decide_case decide_cases[] = {
	{ 'A', TUR_DOWN, 0, 0, PS_FAIL },
	{ 'A', TUR_DISCONNECTED, 0, 0, PS_FAIL },
	{ 'F', TUR_DOWN, 0, 0, PS_NONE },
	{ 'A', TUR_UP, 0, 0, PS_NONE },
	{ 'F', TUR_UP, 1, 1, PS_REINSTATE },
	{ 'F', TUR_GHOST, 1, 1, PS_REINSTATE },
	{ 'F', TUR_UP, 1, 0, PS_WWID_CHANGED },
	{ 'F', TUR_UP, 0, 0, PS_WWID_UNREAD },
	{ 'F', TUR_PENDING, 1, 1, PS_NONE },
	{ 'A', TUR_PENDING, 0, 0, PS_NONE },
	{ 'A', TUR_RETRY, 0, 0, PS_NONE },
	{ 'F', TUR_RETRY, 1, 1, PS_NONE },
};

static void decide(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(decide_cases); i++) {
		const struct decide_case *c = &decide_cases[i];
		enum pathstate_action a = pathstate_decide(c->kstate, c->st, c->wwid_read,
					     c->wwid_same);

		CHECK(a == c->want, "kernel %c, checker %s, wwid %d/%d: %d, not"
		      " %d", c->kstate, tur_state_name(c->st), c->wwid_read,
		      c->wwid_same, a, c->want);
	}
}

/* 5 s, doubling while healthy up to 20, back to 5 on any change. */
static void backoff(void **state)
{
	static const int healthy[] = { 5, 10, 20, 20, 20 };
	int cur = 5, i;

	(void)state;
	for (i = 1; i < (int)ARRAY_SIZE(healthy); i++) {
		cur = pathstate_next_interval(cur, 0, 1, 5, 20);
		CHECK(cur == healthy[i], "step %d: %d s, not %d", i, cur,
		      healthy[i]);
	}
	CHECK(pathstate_next_interval(20, 1, 1, 5, 20) == 5, "a change keeps 20 s");
	CHECK(pathstate_next_interval(20, 0, 0, 5, 20) == 5, "a sick path keeps 20 s");
	CHECK(pathstate_next_interval(5, 0, 1, 5, 3) == 5, "max below poll");
	CHECK(pathstate_next_interval(15, 0, 1, 5, 20) == 20, "15 doubled past max");
}

/* --- remap.c ---------------------------------------------------------------- */

struct remap_case {
	const char *name, *table;
	int add;		/* 1 add, 0 remove */
	const char *path;
	int failover;
	const char *want;	/* NULL: refused */
};

static const struct remap_case remap_cases[] = {
	{ "add_failover",
	  "1 queue_if_no_path 0 2 1 round-robin 0 1 1 8:16 1 round-robin 0 1 1 8:32 1 ",
	  1, "8:48", 0,
	  "1 queue_if_no_path 0 3 1 round-robin 0 1 1 8:16 1 round-robin 0 1 1"
	  " 8:32 1 round-robin 0 1 1 8:48 1" },
	{ "add_multibus",
	  "3 queue_if_no_path hold_down 1 0 1 1 service-time 0 2 2 8:16 1 1 8:32 1 1 ",
	  1, "8:48", 1,
	  "3 queue_if_no_path hold_down 1 0 1 1 service-time 0 3 2 8:16 1 1"
	  " 8:32 1 1 8:48 1 1" },
	{ "add_one_path_failover",
	  "0 1 alua 1 1 round-robin 0 1 1 8:16 1 ", 1, "8:32", 1,
	  "0 1 alua 2 1 round-robin 0 1 1 8:16 1 round-robin 0 1 1 8:32 1" },
	{ "add_one_path_multibus",
	  "0 0 1 1 round-robin 0 1 1 8:16 1 ", 1, "8:32", 0,
	  "0 0 1 1 round-robin 0 2 1 8:16 1 8:32 1" },
	{ "add_twice", "0 0 1 1 round-robin 0 1 1 8:16 1 ", 1, "8:16", 1, NULL },
	{ "add_no_group", "0 0 0 0 ", 1, "8:16", 1, NULL },
	{ "remove_group_goes",
	  "0 0 3 3 round-robin 0 1 1 8:16 1 round-robin 0 1 1 8:32 1 round-robin 0 1 1 8:48 1 ",
	  0, "8:16", 0,
	  "0 0 2 2 round-robin 0 1 1 8:32 1 round-robin 0 1 1 8:48 1" },
	{ "remove_from_group",
	  "0 0 1 1 round-robin 0 2 1 8:16 1 8:32 1 ", 0, "8:32", 0,
	  "0 0 1 1 round-robin 0 1 1 8:16 1" },
	{ "remove_last", "0 0 1 1 round-robin 0 1 1 8:16 1 ", 0, "8:16", 0, NULL },
	{ "remove_not_there", "0 0 1 1 round-robin 0 1 1 8:16 1 ", 0, "8:32", 0,
	  NULL },
};

static void remap_case(void **state)
{
	const struct remap_case *c = *state;
	unsigned int major, minor;
	char buf[512], err[256] = "";
	struct status_map t;
	int r;

	CHECK(!status_parse(MP_TABLE, c->table, &t, err, sizeof(err)), "parse: %s",
	      err);
	status_parse_devnum(c->path, &major, &minor);
	r = c->add ? remap_add(&t, major, minor, c->failover, buf, sizeof(buf),
			       err, sizeof(err)) :
		     remap_remove(&t, major, minor, buf, sizeof(buf), err,
				  sizeof(err));
	status_free(&t);
	if (!c->want) {
		CHECK(r && err[0], "not refused: '%s'", buf);
		return;
	}
	CHECK(!r, "refused: %s", err);
	CHECK(!strcmp(buf, c->want), "'%s', not '%s'", buf, c->want);
	/* What it makes must parse as a table again. */
	CHECK(!status_parse(MP_TABLE, buf, &t, err, sizeof(err)), "reparse: %s", err);
	status_free(&t);
}

/* --- the scripted checker ----------------------------------------------------- */

static enum tur_state answer[8];	/* by minor / 16: sdb 1, sdc 2, sdd 3 */
static const unsigned char *pages[8];
static size_t page_len[8];
static int blocked = -1;		/* this disk's TUR waits for release */
static int release_pipe[2];
static int vpd_calls;

/* The script as a fresh process has it (unit.h). */
void daemon_reset(void)
{
	memset(answer, 0, sizeof(answer));
	memset(pages, 0, sizeof(pages));
	memset(page_len, 0, sizeof(page_len));
	blocked = -1;
	vpd_calls = 0;
}

static int disk_of(const char *devnode)
{
	/* "/dev/sdb" -> 1 */
	size_t n = strlen(devnode);

	return n && devnode[n - 1] >= 'a' && devnode[n - 1] <= 'h' ?
	       devnode[n - 1] - 'a' : 0;
}

static enum tur_state s_tur(const char *devnode, unsigned int timeout_ms,
			    char *why, size_t whylen)
{
	int d = disk_of(devnode);
	char c;

	(void)timeout_ms;
	if (d == blocked && read(release_pipe[0], &c, 1) < 0)
		return TUR_DOWN;
	snprintf(why, whylen, "%s: scripted", devnode);
	return answer[d];
}

static long s_vpd83(const char *devnode, unsigned char *buf, size_t len,
		    char *err, size_t errlen)
{
	int d = disk_of(devnode);

	__atomic_add_fetch(&vpd_calls, 1, __ATOMIC_SEQ_CST);
	if (!pages[d] || page_len[d] > len) {
		snprintf(err, errlen, "%s: INQUIRY failed", devnode);
		return -1;
	}
	memcpy(buf, pages[d], page_len[d]);
	return (long)page_len[d];
}

static const struct checker_ops scripted = { .tur = s_tur, .vpd83 = s_vpd83 };

struct bench {
	char root[64];
	char *log;
	size_t loglen;
	FILE *logf;
	struct checker *chk;
	struct monitor mon;
};

/* A sysfs with sdb 8:16, sdc 8:32, sdd 8:48; the model as @paths. */
static int bench_up(struct bench *b, const char *paths)
{
	static const char *const disks[] = { "sdb", "sdc", "sdd" };
	char rel[64], target[64];
	size_t i;

	memset(b, 0, sizeof(*b));
	strcpy(b->root, "/tmp/mpath2-daemon.XXXXXX");
	if (fakefs_new(b->root))
		return -1;
	for (i = 0; i < ARRAY_SIZE(disks); i++) {
		snprintf(rel, sizeof(rel), "dev/block/8:%zu", (i + 1) * 16);
		snprintf(target, sizeof(target), "../../block/%s", disks[i]);
		if (fakefs_link(b->root, rel, target))
			return -1;
		snprintf(rel, sizeof(rel), "block/%s", disks[i]);
		if (fakefs_mkdir(b->root, rel))
			return -1;
	}
	fake_mon_set(paths);
	b->logf = open_memstream(&b->log, &b->loglen);
	b->chk = checker_new(&scripted);
	if (!b->logf || !b->chk || pipe(release_pipe))
		return -1;
	monitor_init(&b->mon, &fake_mon_dm, b->chk, b->root, b->logf, 5, 20, 30);
	return 0;
}

static void bench_down(struct bench *b)
{
	if (blocked >= 0 && write(release_pipe[1], "x", 1) != 1)
		perror("release");
	checker_free(b->chk);
	monitor_free(&b->mon);
	fclose(b->logf);
	free(b->log);
	close(release_pipe[0]);
	close(release_pipe[1]);
	fakefs_remove(b->root);
}

/* Wait (really) until @n checks have ended, then collect them at @now. */
static int settle(struct bench *b, int n, long long now)
{
	struct pollfd pfd = { checker_fd(b->chk), POLLIN, 0 };
	int got = 0, tries;

	for (tries = 0; got < n && tries < 200; tries++) {
		poll(&pfd, 1, 10);
		got += monitor_collect(&b->mon, now);
	}
	fflush(b->logf);
	return got;
}

/* A full round at @now: refresh, start what is due, wait for @n answers. */
static int round_at(struct bench *b, long long now, int n)
{
	if (monitor_refresh(&b->mon, now))
		return -1;
	monitor_start_due(&b->mon, now);
	return settle(b, n, now) == n ? 0 : -1;
}

static struct monitor_path *path(struct bench *b, unsigned int minor)
{
	size_t i;

	for (i = 0; i < b->mon.nr; i++)
		if (b->mon.paths[i].minor == minor)
			return &b->mon.paths[i];
	return NULL;
}

/*
 * A case on a bench: BENCH() sets it up, EXPECT() fails the case after
 * DONE() has taken the bench down (its threads and files).
 */
#define BENCH(paths)							\
	struct bench b;							\
	char why[2048] = "";						\
	int ok = -1;							\
	if (bench_up(&b, paths))					\
		fail_msg("bench: %s", strerror(errno))

#define DONE()								\
	ok = 0;								\
out:									\
	bench_down(&b);							\
	if (ok)								\
		fail_msg("%s", why)

#define EXPECT(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			snprintf(why, sizeof(why), __VA_ARGS__);	\
			goto out;					\
		}							\
	} while (0)

/* A dead path is failed once; while it stays dead nothing more is sent. */
static void down_failed_once(void **state)
{
	(void)state;
	BENCH("8:16A 8:32A");
	answer[1] = TUR_DOWN;
	answer[2] = TUR_UP;
	EXPECT(!round_at(&b, 0, 2), "first round: not 2 answers");
	EXPECT(!strcmp(fake_mon_sent, "lun0: fail_path 8:16\n"),
	       "sent '%s'", fake_mon_sent);
	EXPECT(fake_mon_paths[0].state == 'F', "not failed in the kernel");
	EXPECT(strstr(b.log, "<4>lun0: failing path sdb (8:16)"), "log: %s",
	       b.log);
	fake_mon_sent[0] = '\0';
	EXPECT(!round_at(&b, 5000, 2), "second round");
	EXPECT(!round_at(&b, 10000, 1), "third round");
	EXPECT(!fake_mon_sent[0], "sent again: '%s'", fake_mon_sent);
	EXPECT(!path(&b, 16)->running, "still running");
	DONE();
}

/* A path back is reinstated, after its WWID was read again. */
static void back_reinstated(void **state)
{
	(void)state;
	BENCH("8:16F 8:32A");
	answer[1] = answer[2] = TUR_UP;
	pages[1] = page_a;
	page_len[1] = sizeof(page_a);
	EXPECT(!round_at(&b, 0, 2), "round: not 2 answers");
	EXPECT(!strcmp(fake_mon_sent, "lun0: reinstate_path 8:16\n"),
	       "sent '%s'", fake_mon_sent);
	EXPECT(vpd_calls == 1, "WWID read %d times, not once (only the"
	       " failed path)", vpd_calls);
	EXPECT(fake_mon_paths[0].state == 'A', "not active in the kernel");
	EXPECT(strstr(b.log, "<5>lun0: reinstating path sdb (8:16)"), "log: %s",
	       b.log);
	DONE();
}

/* Another LUN behind the path now: never reinstated, said once. */
static void wwid_changed(void **state)
{
	(void)state;
	BENCH("8:16F 8:32A");
	answer[1] = answer[2] = TUR_UP;
	pages[1] = page_b;
	page_len[1] = sizeof(page_b);
	EXPECT(!round_at(&b, 0, 2), "round 1");
	EXPECT(!round_at(&b, 5000, 2), "round 2");
	EXPECT(!fake_mon_sent[0], "sent '%s'", fake_mon_sent);
	EXPECT(fake_mon_paths[0].state == 'F', "reinstated");
	EXPECT(strstr(b.log, "<3>lun0: path sdb (8:16) not reinstated: its WWID"
		      " is now " WWID_B ", the map's is " WWID_A), "log: %s",
	       b.log);
	EXPECT(!strstr(strstr(b.log, "not reinstated") + 1, "not reinstated"),
	       "refusal logged twice: %s", b.log);
	DONE();
}

/* No WWID to compare with (INQUIRY fails): not reinstated yet. */
static void wwid_unreadable(void **state)
{
	(void)state;
	BENCH("8:16F");
	answer[1] = TUR_UP;
	EXPECT(!round_at(&b, 0, 1), "round");
	EXPECT(!fake_mon_sent[0], "sent '%s'", fake_mon_sent);
	EXPECT(strstr(b.log, "not reinstated yet"), "log: %s", b.log);
	DONE();
}

/* Healthy: 5, 10, 20, 20 s between checks; a failure: 5 s again. */
static void interval_backs_off(void **state)
{
	static const int want[] = { 5, 10, 20, 20 };
	long long t = 0;
	size_t i;

	(void)state;
	BENCH("8:16A");
	answer[1] = TUR_UP;
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		EXPECT(!round_at(&b, t, 1), "round %zu", i);
		EXPECT(path(&b, 16)->interval == want[i], "round %zu: %d s, not"
		       " %d", i, path(&b, 16)->interval, want[i]);
		EXPECT(path(&b, 16)->next_ms == t + want[i] * 1000LL,
		       "next check at %lld", path(&b, 16)->next_ms);
		/* Not due before its time. */
		EXPECT(!monitor_start_due(&b.mon, t + want[i] * 1000LL - 1),
		       "checked early");
		t += want[i] * 1000LL;
	}
	answer[1] = TUR_DOWN;
	EXPECT(!round_at(&b, t, 1), "failing round");
	EXPECT(path(&b, 16)->interval == 5, "%d s after a failure",
	       path(&b, 16)->interval);
	DONE();
}

/*
 * Answers within one second: the next checks are on the same whole
 * second (one wake-up of the loop for both), never later than the
 * interval, and not due before it.
 */
static void checks_on_ticks(void **state)
{
	(void)state;
	BENCH("8:16A 8:32A");
	answer[1] = TUR_UP;
	answer[2] = TUR_UP;
	EXPECT(!monitor_refresh(&b.mon, 0), "refresh");
	EXPECT(monitor_start_due(&b.mon, 0) == 2, "both started");
	EXPECT(settle(&b, 2, 1250) == 2, "answers");
	EXPECT(path(&b, 16)->next_ms == 6000 && path(&b, 32)->next_ms == 6000,
	       "next checks at %lld and %lld, not both at 6000",
	       path(&b, 16)->next_ms, path(&b, 32)->next_ms);
	EXPECT(!monitor_start_due(&b.mon, 5999), "checked early");
	EXPECT(monitor_start_due(&b.mon, 6000) == 2, "not both due at 6000");
	DONE();
}

/* A disk that never answers holds only its own check. */
static void blocked_tur(void **state)
{
	(void)state;
	BENCH("8:16A 8:32A");
	answer[1] = TUR_UP;
	answer[2] = TUR_DOWN;
	blocked = 1;
	EXPECT(!monitor_refresh(&b.mon, 0), "refresh");
	EXPECT(monitor_start_due(&b.mon, 0) == 2, "not 2 checks started");
	EXPECT(settle(&b, 1, 100) == 1, "sdc's answer waited for sdb's");
	EXPECT(!strcmp(fake_mon_sent, "lun0: fail_path 8:32\n"),
	       "sent '%s'", fake_mon_sent);
	EXPECT(path(&b, 16)->running, "sdb not running");
	/* Past checker_timeout (30 s) and its grace: "no answer" = down. */
	EXPECT(monitor_collect(&b.mon, 31000) == 1, "sdb not timed out");
	EXPECT(strstr(fake_mon_sent, "lun0: fail_path 8:16\n"),
	       "sent '%s'", fake_mon_sent);
	EXPECT(strstr(b.log, "no answer within 30 s"), "log: %s", b.log);
	/* No second check while its thread is stuck (sdc's is due). */
	EXPECT(monitor_start_due(&b.mon, 40000) == 1 && path(&b, 16)->timed_out,
	       "sdb checked twice at once");
	/* It answers at last: up, so reinstated (WWID read again). */
	pages[1] = page_a;
	page_len[1] = sizeof(page_a);
	blocked = -1;
	EXPECT(write(release_pipe[1], "x", 1) == 1, "release");
	EXPECT(settle(&b, 2, 41000) == 2, "sdb's late answer never came");
	EXPECT(!path(&b, 16)->running, "sdb still running");
	DONE();
}

/* Pending (ALUA transitioning) and retry change nothing. */
static void pending_nothing(void **state)
{
	(void)state;
	BENCH("8:16A 8:32F");
	answer[1] = TUR_PENDING;
	answer[2] = TUR_RETRY;
	EXPECT(!round_at(&b, 0, 2), "round");
	EXPECT(!fake_mon_sent[0], "sent '%s'", fake_mon_sent);
	DONE();
}

/* The kernel fails a path (an I/O error): it is checked at once. */
static void kernel_failed_checked_now(void **state)
{
	(void)state;
	BENCH("8:16A");
	answer[1] = TUR_UP;
	pages[1] = page_a;
	page_len[1] = sizeof(page_a);
	EXPECT(!round_at(&b, 0, 1), "round 1");
	fake_mon_paths[0].state = 'F';		/* the dm event */
	EXPECT(!round_at(&b, 1000, 1), "not checked at once after the event");
	EXPECT(strstr(b.log, "<5>lun0: path sdb (8:16) is failed in the kernel"),
	       "log: %s", b.log);
	EXPECT(!strcmp(fake_mon_sent, "lun0: reinstate_path 8:16\n"),
	       "sent '%s'", fake_mon_sent);
	DONE();
}

/* Paths come and go with the maps; a list failure keeps them. */
static void paths_follow_maps(void **state)
{
	(void)state;
	BENCH("8:16A 8:32A");
	EXPECT(!monitor_refresh(&b.mon, 0) && b.mon.nr == 2, "%zu paths", b.mon.nr);
	EXPECT(!strcmp(b.mon.paths[0].wwid, WWID_A), "expected WWID '%s'",
	       b.mon.paths[0].wwid);
	fake_mon_set("8:32A");
	EXPECT(!monitor_refresh(&b.mon, 0) && b.mon.nr == 1 && path(&b, 32),
	       "%zu paths", b.mon.nr);
	fake_mon_list_fails = 1;
	EXPECT(monitor_refresh(&b.mon, 0) && b.mon.nr == 1, "list failure");
	fake_mon_list_fails = 0;
	fflush(b.logf);
	EXPECT(strstr(b.log, "no longer in the map") &&
	       strstr(b.log, "<3>listing maps failed"), "log: %s", b.log);
	DONE();
}

/* --- hotplug.c and holders.c ---------------------------------------------------- */

/* sdd (8:48) of LUN A, 2097152 sectors, in the bench's sysfs. */
static int make_sdd(struct bench *b, const unsigned char *page, size_t plen,
		    const char *size)
{
	return fakefs_puts(b->root, "block/sdd/dev", "8:48\n") ||
	       fakefs_puts(b->root, "block/sdd/size", size) ||
	       fakefs_puts(b->root, "block/sdd/queue/logical_block_size",
			   "512\n") ||
	       fakefs_puts(b->root, "block/sdd/device/vendor", "LIO-ORG \n") ||
	       fakefs_puts(b->root, "block/sdd/device/model", "e2e \n") ||
	       fakefs_write(b->root, "block/sdd/device/vpd_pg83", page, plen);
}

static void add_joins_map(void **state)
{
	struct mpath2_conf *conf = config_default();

	(void)state;
	BENCH("8:16A 8:32A");
	EXPECT(conf && !make_sdd(&b, page_a, sizeof(page_a), "2097152\n"),
	       "setup");
	EXPECT(hotplug_add(&b.mon, conf, "sdd") == 1, "not added");
	EXPECT(!strcmp(fake_mon_reloaded,
		       "lun0 0 2097152 mpath2 0 0 3 1 round-robin 0 1"
		       " 1 8:16 1 round-robin 0 1 1 8:32 1 round-robin 0 1 1"
		       " 8:48 1"), "reloaded '%s'", fake_mon_reloaded);
	fflush(b.logf);
	EXPECT(strstr(b.log, "<5>lun0: added path sdd (8:48)"), "log: %s",
	       b.log);
	/* Once it is a path, there is nothing more to do. */
	fake_mon_set("8:16A 8:32A 8:48A");
	fake_mon_reloaded[0] = '\0';
	EXPECT(hotplug_add(&b.mon, conf, "sdd") == 0 && !fake_mon_reloaded[0],
	       "added twice");
	config_free(conf);
	DONE();
}

/*
 * A dm event re-reads lun0 only if its event count moved; the daemon's
 * own reload (a disk joining, found by the map's known UUID) marks it,
 * since a table swap raises no dm event.
 */
static void refresh_changed_only(void **state)
{
	struct mpath2_conf *conf = config_default();

	(void)state;
	BENCH("8:16A 8:32A");
	EXPECT(conf && !make_sdd(&b, page_a, sizeof(page_a), "2097152\n"),
	       "setup");
	EXPECT(!monitor_refresh_changed(&b.mon, 0) && b.mon.nr == 2 &&
	       fake_mon_reads == 1, "first: %zu paths, %d reads", b.mon.nr,
	       fake_mon_reads);
	EXPECT(!monitor_refresh_changed(&b.mon, 0) && b.mon.nr == 2 &&
	       fake_mon_reads == 1, "no event, %d reads", fake_mon_reads);
	fake_mon_paths[0].state = 'F';		/* failed on an I/O error */
	fake_mon_event_nr++;			/* which is a dm event */
	EXPECT(!monitor_refresh_changed(&b.mon, 1000) && fake_mon_reads == 2 &&
	       path(&b, 16) && path(&b, 16)->kstate == 'F',
	       "event: %d reads", fake_mon_reads);
	EXPECT(hotplug_add(&b.mon, conf, "sdd") == 1 && fake_mon_reads == 3,
	       "not added by its UUID in one read: %d reads", fake_mon_reads);
	fake_mon_set("8:16F 8:32A 8:48A");	/* the reload's new table */
	EXPECT(!monitor_refresh_changed(&b.mon, 2000) && b.mon.nr == 3 &&
	       fake_mon_reads == 4, "after the reload: %zu paths, %d reads",
	       b.mon.nr, fake_mon_reads);
	EXPECT(!monitor_refresh_changed(&b.mon, 3000) && fake_mon_reads == 4,
	       "read again: %d reads", fake_mon_reads);
	config_free(conf);
	DONE();
}

/*
 * A "change" event for a disk that is a path already: its map holds it
 * (holders/dm-0), which is no reason to log "not added: in use".
 */
static void add_own_path_quiet(void **state)
{
	struct mpath2_conf *conf = config_default();

	(void)state;
	BENCH("8:16A 8:32A 8:48A");
	EXPECT(conf && !make_sdd(&b, page_a, sizeof(page_a), "2097152\n") &&
	       !fakefs_mkdir(b.root, "block/sdd/holders") &&
	       !fakefs_puts(b.root, "block/sdd/holders/dm-0", ""), "setup");
	EXPECT(hotplug_add(&b.mon, conf, "sdd") == 0 && !fake_mon_reloaded[0],
	       "a path already: not 0");
	fflush(b.logf);
	EXPECT(!strstr(b.log, "not added"), "log: %s", b.log);
	config_free(conf);
	DONE();
}

/* A config that refuses the map's settings: the disk does not join. */
static void add_config_refused(void **state)
{
	static const char text[] = "defaults {\n\thardware_handler \"1 rdac\"\n}\n";
	struct mpath2_conf *conf = config_parse("r.conf", text, strlen(text),
						 NULL);

	(void)state;
	BENCH("8:16A 8:32A");
	EXPECT(conf && !make_sdd(&b, page_a, sizeof(page_a), "2097152\n"),
	       "setup");
	EXPECT(hotplug_add(&b.mon, conf, "sdd") == -1 && !fake_mon_reloaded[0],
	       "added: '%s'", fake_mon_reloaded);
	fflush(b.logf);
	EXPECT(strstr(b.log, "sdd not added: r.conf:2: hardware_handler"),
	       "log: %s", b.log);
	config_free(conf);
	DONE();
}

/*
 * The periodic look (and the one after lost udev events): only disks no
 * watched map has are offered to hotplug_add(); a lost "add" joins.
 */
static void reconcile_finds_missed_disk(void **state)
{
	struct mpath2_conf *conf = config_default();

	(void)state;
	BENCH("8:16A 8:32A");
	EXPECT(conf && !make_sdd(&b, page_a, sizeof(page_a), "2097152\n") &&
	       !fakefs_puts(b.root, "block/sdb/dev", "8:16\n") &&
	       !fakefs_puts(b.root, "block/sdc/dev", "8:32\n") &&
	       !fakefs_puts(b.root, "block/loop0/dev", "7:0\n"), "setup");
	EXPECT(!monitor_refresh(&b.mon, 0) && b.mon.nr == 2, "watching");
	EXPECT(daemon_reconcile(&b.mon, conf) == 1, "not only sdd offered");
	EXPECT(strstr(fake_mon_reloaded, " 8:48 1"), "sdd not added: '%s'",
	       fake_mon_reloaded);
	fake_mon_set("8:16A 8:32A 8:48A");
	EXPECT(!monitor_refresh(&b.mon, 0) && b.mon.nr == 3, "watching 3");
	EXPECT(daemon_reconcile(&b.mon, conf) == 0, "offered again");
	config_free(conf);
	DONE();
}

static void add_refused(void **state)
{
	static const char bl[] = "blacklist {\n\tdevnode \"^sdd$\"\n}\n";
	struct mpath2_conf *conf = config_default(), *black;

	(void)state;
	BENCH("8:16A 8:32A");
	black = config_parse("test.conf", bl, sizeof(bl) - 1, NULL);
	EXPECT(conf && black, "config");
	/* Another LUN: no map of its WWID, nothing to do. */
	EXPECT(!make_sdd(&b, page_b, sizeof(page_b), "2097152\n"), "setup");
	EXPECT(hotplug_add(&b.mon, conf, "sdd") == 0, "LUN B added");
	/* LUN A, but held by LVM. */
	EXPECT(!make_sdd(&b, page_a, sizeof(page_a), "2097152\n") &&
	       !fakefs_mkdir(b.root, "dev/block/8:48/holders/dm-7") &&
	       !fakefs_puts(b.root, "block/dm-7/dm/name", "vg0-data\n") &&
	       !fakefs_puts(b.root, "block/dm-7/dm/uuid", "LVM-abc\n"),
	       "setup holders");
	EXPECT(hotplug_add(&b.mon, conf, "sdd") == -1, "held disk added");
	fflush(b.logf);
	EXPECT(strstr(b.log, "<3>lun0: sdd not added: sdd (8:48) is in use by"
		      " dm-7 (LVM volume vg0-data)"), "log: %s", b.log);
	/* Blacklisted: left alone, silently. */
	EXPECT(hotplug_add(&b.mon, black, "sdd") == 0, "blacklisted added");
	/* Another size: refused. */
	EXPECT(!fakefs_puts(b.root, "block/sdd/size", "4096\n"), "setup size");
	EXPECT(hotplug_add(&b.mon, black, "sdd") == 0, "blacklisted added");
	EXPECT(hotplug_add(&b.mon, conf, "sdd") == -1, "other size added");
	fflush(b.logf);
	EXPECT(strstr(b.log, "sdd not added: 4096 sectors, the map has 2097152"),
	       "log: %s", b.log);
	EXPECT(!fake_mon_reloaded[0], "reloaded '%s'", fake_mon_reloaded);
	config_free(conf);
	config_free(black);
	DONE();
}

/* A disk that left is taken out of its map, unless it was the last. */
static void gone_leaves_map(void **state)
{
	(void)state;
	BENCH("8:16A 8:32F");
	EXPECT(hotplug_remove(&b.mon, 8, 32) == 1, "not removed");
	EXPECT(!strcmp(fake_mon_reloaded,
		       "lun0 0 2097152 mpath2 0 0 1 1 round-robin 0 1"
		       " 1 8:16 1"), "reloaded '%s'", fake_mon_reloaded);
	fake_mon_set("8:16A");
	fake_mon_reloaded[0] = '\0';
	EXPECT(hotplug_remove(&b.mon, 8, 16) == 0 && !fake_mon_reloaded[0],
	       "last path removed: '%s'", fake_mon_reloaded);
	EXPECT(hotplug_remove(&b.mon, 8, 99) == 0, "a stranger removed");
	DONE();
}

static void holders(void **state)
{
	char err[256] = "";

	(void)state;
	BENCH("8:16A");
	EXPECT(!holders_check(b.root, 8, 16, NULL, err, sizeof(err)),
	       "no holders dir refused: %s", err);
	EXPECT(!fakefs_mkdir(b.root, "dev/block/8:16/holders"), "mkdir");
	EXPECT(!holders_check(b.root, 8, 16, NULL, err, sizeof(err)),
	       "empty holders refused: %s", err);
	EXPECT(!fakefs_mkdir(b.root, "dev/block/8:16/holders/dm-3") &&
	       !fakefs_puts(b.root, "block/dm-3/dm/name", "lun0\n") &&
	       !fakefs_puts(b.root, "block/dm-3/dm/uuid", "mpath2-" WWID_A "\n"),
	       "setup");
	EXPECT(!holders_check(b.root, 8, 16, "dm-3", err, sizeof(err)),
	       "its own map refused: %s", err);
	EXPECT(holders_check(b.root, 8, 16, NULL, err, sizeof(err)) &&
	       !strcmp(err, "sdb (8:16) is in use by dm-3 (mpath2 map lun0)"),
	       "'%s'", err);
	EXPECT(!fakefs_mkdir(b.root, "dev/block/8:32/holders/md0"), "md");
	EXPECT(holders_check(b.root, 8, 32, NULL, err, sizeof(err)) &&
	       !strcmp(err, "sdc (8:32) is in use by md0 (md RAID array)"),
	       "'%s'", err);
	DONE();
}

/*
 * LVM on a partition holds the disk; a holders/ that cannot be read
 * (here a file, not a directory) refuses the disk.
 */
static void holders_partition_unreadable(void **state)
{
	char err[256] = "";

	(void)state;
	BENCH("8:16A");
	EXPECT(!fakefs_mkdir(b.root, "block/sdb/holders") &&
	       !fakefs_puts(b.root, "block/sdb/sdb1/partition", "1\n") &&
	       !fakefs_mkdir(b.root, "block/sdb/sdb1/holders/dm-9") &&
	       !fakefs_puts(b.root, "block/dm-9/dm/name", "vg-lv\n") &&
	       !fakefs_puts(b.root, "block/dm-9/dm/uuid", "LVM-abc\n") &&
	       !fakefs_puts(b.root, "block/sdc/holders", "not a directory\n"),
	       "setup");
	EXPECT(holders_check(b.root, 8, 16, NULL, err, sizeof(err)) &&
	       !strcmp(err, "sdb (8:16) is in use by dm-9 (LVM volume vg-lv,"
		       " on sdb1)"), "partition: '%s'", err);
	EXPECT(holders_check(b.root, 8, 32, NULL, err, sizeof(err)) &&
	       strstr(err, "sdc (8:32): its holders cannot be read"),
	       "unreadable: '%s'", err);
	DONE();
}

/* --- create and reload: path ownership, the rebuilt table --------------------- */

#include "fake_mpdm.h"

/* create refuses a disk LVM is built on, before anything reaches dm. */
static void create_held(void **state)
{
	char *argv[] = { "mpath2ctl", "create", "lun9", "--dry-run", "8:16" };
	char *err = NULL;
	size_t errlen = 0;
	struct cli_ctl ctl = { 0 };
	int status;

	(void)state;
	BENCH("8:16A");
	EXPECT(!fakefs_puts(b.root, "block/sdb/size", "2097152\n") &&
	       !fakefs_puts(b.root, "block/sdb/queue/logical_block_size",
			    "512\n") &&
	       !fakefs_mkdir(b.root, "block/sdb/holders/dm-7") &&
	       !fakefs_puts(b.root, "block/dm-7/dm/name", "vg-lv\n") &&
	       !fakefs_puts(b.root, "block/dm-7/dm/uuid", "LVM-xyz\n"),
	       "setup");
	ctl.out = stdout;
	ctl.err = open_memstream(&err, &errlen);
	ctl.sysfs = b.root;
	status = cli_main(5, argv, &ctl);
	fclose(ctl.err);
	if (status != 1 || !strstr(err, "mpath2ctl: lun9: sdb (8:16) is in use"
				    " by dm-7 (LVM volume vg-lv)") ||
	    fake_dm_calls) {
		snprintf(why, sizeof(why), "exit %d, %d dm call(s), stderr '%s'",
			 status, fake_dm_calls, err);
		free(err);
		goto out;
	}
	free(err);
	DONE();
}

struct reload_case {
	const char *name;
	const char *argv[4];
	int status;
	const char *out, *err, *sent;	/* parts of each */
};

static const struct reload_case reload_cases[] = {
	{ "dry_run", { "reload", "mpatha", "--dry-run" }, 0,
	  "0 2097152 mpath2 ", "", "" },
	{ "reloads", { "reload", "mpatha" }, 0, "", "",
	  "mpatha: reload 0 2097152 " },
	{ "wrong_size", { "reload", "mpathb" }, 1, "",
	  "mpathb: 8:16 has 2097152 sectors, the map 209715200", "" },
	{ "not_mpath2", { "reload", "linear0" }, 1, "", "not an mpath2 map", "" },
	{ "refused", { "reload", "refuser" }, 1, "", "refuser: device-mapper:"
	  " reload ioctl on refuser  failed", "refuser: reload" },
	{ "no_name", { "reload" }, 1, "", "usage: mpath2ctl reload", "" },
	{ "bad_option", { "reload", "mpatha", "--now" }, 1, "",
	  "reload: unknown option '--now'", "" },
};

static void reload_case(void **state)
{
	const struct reload_case *c = *state;
	char *argv[6] = { "mpath2ctl" }, *out = NULL, *err = NULL;
	size_t outlen = 0, errlen = 0;
	struct cli_ctl ctl = { 0 };
	int argc = 1, status, r = -1;
	char why[2048] = "";

	while (argc < 5 && c->argv[argc - 1]) {
		argv[argc] = (char *)c->argv[argc - 1];
		argc++;
	}
	ctl.out = open_memstream(&out, &outlen);
	ctl.err = open_memstream(&err, &errlen);
	ctl.sysfs = fake_sysfs;
	status = cli_main(argc, argv, &ctl);
	fclose(ctl.out);
	fclose(ctl.err);
	if (status != c->status)
		snprintf(why, sizeof(why), "exit %d; stderr '%s'", status, err);
	else if (!strstr(out, c->out) || !strstr(err, c->err) ||
		 !strstr(fake_dm_sent, c->sent))
		snprintf(why, sizeof(why), "stdout '%s', stderr '%s', sent '%s'", out,
			 err, fake_dm_sent);
	else if (!c->sent[0] && strstr(fake_dm_sent, "reload"))
		snprintf(why, sizeof(why), "reloaded: '%s'", fake_dm_sent);
	else
		r = 0;
	free(out);
	free(err);
	if (r)
		fail_msg("%s", why);
}

/*
 * A path grown past its map (the LUN grew, the map is not resized yet):
 * reload keeps the map's size and reloads; resize grows it (issue 19).
 */
static void reload_grown_path(void **state)
{
	static const char sdb_size[] = "devices/pci0000:00/0000:00:05.0/"
				       "host0/target0:0:0/0:0:0:0/block/sdb/size";
	char *argv[] = { "mpath2ctl", "reload", "mpatha", NULL };
	char *err = NULL;
	size_t errlen = 0;
	struct cli_ctl ctl = { 0 };
	int status;

	(void)state;
	CHECK(!fakefs_puts(fake_sysfs, sdb_size, "4194304\n"), "grow sdb");
	ctl.out = stdout;
	ctl.err = open_memstream(&err, &errlen);
	ctl.sysfs = fake_sysfs;
	status = cli_main(3, argv, &ctl);
	fclose(ctl.err);
	fakefs_puts(fake_sysfs, sdb_size, "2097152\n");
	CHECK(status == 0 && strstr(fake_dm_sent, "mpatha: reload 0 2097152 "),
	      "exit %d, stderr '%s', sent '%s'", status, err, fake_dm_sent);
	free(err);
}

/* --- the command: mpath2ctl daemon ---------------------------------------------- */

struct cli_case {
	const char *name;
	const char *argv[6];
	int status;
	const char *err;	/* part of stderr */
};

static const struct cli_case cli_cases[] = {
	{ "unknown_option", { "daemon", "--fork" }, 1,
	  "mpath2ctl: daemon: unknown argument '--fork'\n" },
	{ "config_needs_file", { "daemon", "--config" }, 1,
	  "mpath2ctl: daemon: --config needs a file\n" },
	/* A bad value warns; the daemon starts and checks (issue 21). */
	{ "bad_config", { "daemon", "--once", "--config", "@BAD" }, 0,
	  "bad.conf:2: warning: polling_interval 0: out of range" },
	/* fake_dm's maps: mpatha 8:16 F 8:32 A, mpathb 8:16 A 8:32 F; every
	 * fake TUR says down: the active ones are failed. */
	{ "once_fails_dead_paths", { "daemon", "--once", "--config", "@GOOD",
				     "--foreground" }, 0,
	  "<4>mpatha: failing path 8:32" },
};

static void cli_case(void **state)
{
	static const char good[] = "defaults {\n\tpolling_interval 1\n}\n";
	static const char bad[] = "defaults {\n\tpolling_interval 0\n}\n";
	const struct cli_case *c = *state;
	char *argv[8] = { "mpath2ctl" }, root[] = "/tmp/mpath2-dcli.XXXXXX";
	char goodf[64], badf[64], *err = NULL;
	size_t errlen = 0;
	struct cli_ctl ctl = { 0 };
	int argc = 1, status, r = -1;
	char why[2048] = "";

	CHECK(!fakefs_new(root) && !fakefs_puts(root, "good.conf", good) &&
	      !fakefs_puts(root, "bad.conf", bad), "cannot write the configs");
	snprintf(goodf, sizeof(goodf), "%s/good.conf", root);
	snprintf(badf, sizeof(badf), "%s/bad.conf", root);
	while (argc < 7 && c->argv[argc - 1]) {
		const char *a = c->argv[argc - 1];

		argv[argc++] = !strcmp(a, "@GOOD") ? goodf :
			       !strcmp(a, "@BAD") ? badf : (char *)a;
	}
	ctl.out = stdout;
	ctl.err = open_memstream(&err, &errlen);
	status = cli_main(argc, argv, &ctl);
	fclose(ctl.err);
	if (status != c->status)
		snprintf(why, sizeof(why), "exit %d, not %d; stderr: %s", status,
			 c->status, err);
	else if (!strstr(err, c->err))
		snprintf(why, sizeof(why), "stderr '%s' lacks '%s'", err, c->err);
	else
		r = 0;
	free(err);
	fakefs_remove(root);
	if (r)
		fail_msg("%s", why);
}

void daemon_tests(void)
{
	unit_case("tools/daemon/pathstate/decide", decide, NULL);
	unit_case("tools/daemon/pathstate/backoff", backoff, NULL);
	UNIT_TABLE("tools/daemon/remap", remap_case, remap_cases);
	unit_case("tools/daemon/round/down_failed_once", down_failed_once, NULL);
	unit_case("tools/daemon/round/back_reinstated_after_wwid_read",
		 back_reinstated, NULL);
	unit_case("tools/daemon/round/wwid_changed_not_reinstated", wwid_changed,
		 NULL);
	unit_case("tools/daemon/round/wwid_unreadable_not_reinstated",
		 wwid_unreadable, NULL);
	unit_case("tools/daemon/round/interval_backs_off", interval_backs_off,
		 NULL);
	unit_case("tools/daemon/round/checks_on_whole_seconds", checks_on_ticks,
		  NULL);
	unit_case("tools/daemon/round/blocked_tur_delays_no_other",
		 blocked_tur, NULL);
	unit_case("tools/daemon/round/pending_and_retry_change_nothing",
		 pending_nothing, NULL);
	unit_case("tools/daemon/round/kernel_failed_path_checked_at_once",
		 kernel_failed_checked_now, NULL);
	unit_case("tools/daemon/round/paths_follow_maps", paths_follow_maps,
		 NULL);
	unit_case("tools/daemon/pathadd/new_disk_joins_its_map", add_joins_map,
		 NULL);
	unit_case("tools/daemon/refresh/changed_maps_only",
		  refresh_changed_only, NULL);
	unit_case("tools/daemon/pathadd/refused_or_not_ours", add_refused, NULL);
	unit_case("tools/daemon/pathadd/own_path_not_in_use", add_own_path_quiet,
		  NULL);
	unit_case("tools/daemon/pathadd/config_refused", add_config_refused,
		  NULL);
	unit_case("tools/daemon/reconcile/missed_disk_joins",
		  reconcile_finds_missed_disk, NULL);
	unit_case("tools/daemon/pathadd/gone_disk_leaves_map", gone_leaves_map,
		 NULL);
	unit_case("tools/daemon/holders", holders, NULL);
	unit_case("tools/daemon/holders_partition_unreadable",
		  holders_partition_unreadable, NULL);
	unit_case("tools/create/refuses_held_disk", create_held, NULL);
	UNIT_TABLE("tools/reload", reload_case, reload_cases);
	unit_case("tools/reload/grown_path", reload_grown_path, NULL);
	UNIT_TABLE("tools/daemon/cli", cli_case, cli_cases);
}
