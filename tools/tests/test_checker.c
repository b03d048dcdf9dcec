// SPDX-License-Identifier: GPL-2.0-only
/*
 * The checker's pool (checker.h): a bounded number of workers however
 * many paths are checked, each path's device opened once and kept open
 * across its checks (opened again after a "down", on another node, and
 * closed when forgotten), and a hung check that stalls no other: its
 * worker is replaced past the timeout and the grace, up to the cap, and
 * the stuck worker ends when it comes back. Scripted ops: nothing is
 * opened, no command is sent; a "hold" gate stands for a disk that never
 * answers.
 */
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "checkers/checker.h"
#include "unit.h"

#define MINORS	64

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static int hold[MINORS];		/* a check of this minor waits */
static enum tur_state says[MINORS];
static int in_flight, max_in_flight, checks, opens, closes;
static int next_fd = 100;
static pthread_t seen_threads[CHECKER_MAX_THREADS * 2];
static int nr_seen;

static unsigned int minor_of(const char *devnode)
{
	unsigned int m = 0;

	sscanf(devnode, "/dev/block/8:%u", &m);
	return m % MINORS;
}

/* Count the check and its thread; wait while its minor is held. */
static enum tur_state pass(const char *devnode, char *why, size_t whylen)
{
	unsigned int m = minor_of(devnode);
	pthread_t self = pthread_self();
	int i, known = 0;

	pthread_mutex_lock(&gate_lock);
	checks++;
	if (++in_flight > max_in_flight)
		max_in_flight = in_flight;
	for (i = 0; i < nr_seen; i++)
		known |= pthread_equal(seen_threads[i], self);
	if (!known && nr_seen < (int)ARRAY_SIZE(seen_threads))
		seen_threads[nr_seen++] = self;
	while (hold[m])
		pthread_cond_wait(&gate_cond, &gate_lock);
	in_flight--;
	pthread_mutex_unlock(&gate_lock);
	snprintf(why, whylen, "%s: scripted", devnode);
	return says[m];
}

static void release(unsigned int minor)
{
	pthread_mutex_lock(&gate_lock);
	hold[minor] = 0;
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
}

static void release_all(void)
{
	pthread_mutex_lock(&gate_lock);
	memset(hold, 0, sizeof(hold));
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
}

static int get(int *v)
{
	int r;

	pthread_mutex_lock(&gate_lock);
	r = *v;
	pthread_mutex_unlock(&gate_lock);
	return r;
}

static enum tur_state s_tur(const char *devnode, unsigned int timeout_ms,
			    char *why, size_t whylen)
{
	(void)timeout_ms;
	return pass(devnode, why, whylen);
}

static long s_vpd83(const char *devnode, unsigned char *buf, size_t len,
		    char *err, size_t errlen)
{
	(void)buf;
	(void)len;
	snprintf(err, errlen, "%s: no VPD here", devnode);
	return -1;
}

static int s_open(const char *devnode, enum checker_kind kind, char *why,
		  size_t whylen)
{
	int fd;

	(void)kind;
	pthread_mutex_lock(&gate_lock);
	opens++;
	fd = next_fd++;
	pthread_mutex_unlock(&gate_lock);
	snprintf(why, whylen, "%s: opened", devnode);
	return fd;
}

static enum tur_state s_check(int fd, enum checker_kind kind,
			      const char *devnode, unsigned int timeout_ms,
			      char *why, size_t whylen)
{
	(void)fd;
	(void)kind;
	(void)timeout_ms;
	return pass(devnode, why, whylen);
}

static void s_close(int fd)
{
	(void)fd;
	pthread_mutex_lock(&gate_lock);
	closes++;
	pthread_mutex_unlock(&gate_lock);
}

static const struct checker_ops by_node = { .tur = s_tur, .vpd83 = s_vpd83 };
static const struct checker_ops kept_open = {
	.tur = s_tur, .vpd83 = s_vpd83,
	.open = s_open, .check = s_check, .close = s_close,
};

static int start(struct checker *c, unsigned int minor, unsigned int timeout_ms)
{
	char node[32];

	snprintf(node, sizeof(node), "/dev/block/8:%u", minor);
	return checker_start(c, 8, minor, node, timeout_ms, 0);
}

static int hup_blocked = -1, term_blocked = -1;

/* A check that notes whether its thread blocks SIGHUP and SIGTERM. */
static enum tur_state mask_tur(const char *devnode, unsigned int timeout_ms,
			       char *why, size_t whylen)
{
	sigset_t cur;

	(void)timeout_ms;
	pthread_sigmask(SIG_BLOCK, NULL, &cur);
	pthread_mutex_lock(&gate_lock);
	hup_blocked = sigismember(&cur, SIGHUP);
	term_blocked = sigismember(&cur, SIGTERM);
	pthread_mutex_unlock(&gate_lock);
	snprintf(why, whylen, "%s: mask read", devnode);
	return TUR_UP;
}

static const struct checker_ops mask_ops = { .tur = mask_tur, .vpd83 = s_vpd83 };

/*
 * Reap until @n results are in @res or ~10 s passed (far past what the
 * checks take); how many.
 */
static size_t wait_for(struct checker *c, struct checker_result *res, size_t n)
{
	struct pollfd pfd = { checker_fd(c), POLLIN, 0 };
	size_t got = 0;
	int tries;

	for (tries = 0; got < n && tries < 1000; tries++) {
		poll(&pfd, 1, 10);
		got += checker_reap(c, res + got, n - got);
	}
	return got;
}

/*
 * The checker is made before the daemon blocks SIGHUP and SIGTERM for its
 * signalfd, from a thread where they are open (as here): its workers must
 * block them anyway, or the kernel hands a SIGHUP to a worker and its
 * default action ends the daemon.
 */
static void workers_block_signals(void **state)
{
	struct checker_result res;
	struct checker *c = checker_new_pool(&mask_ops, 2, 1000, 60000);
	sigset_t cur;
	size_t got;

	(void)state;
	CHECK(c, "checker_new_pool");
	pthread_sigmask(SIG_BLOCK, NULL, &cur);
	CHECK(!sigismember(&cur, SIGHUP), "the test thread blocks SIGHUP");
	CHECK(!start(c, 1, 1000), "start refused");
	got = wait_for(c, &res, 1);
	checker_free(c);
	CHECK(got == 1 && res.state == TUR_UP, "no answer from the worker");
	CHECK(get(&hup_blocked) == 1 && get(&term_blocked) == 1,
	      "a worker runs with SIGHUP %s, SIGTERM %s",
	      get(&hup_blocked) == 1 ? "blocked" : "open",
	      get(&term_blocked) == 1 ? "blocked" : "open");
}

/*
 * 48 paths on a pool of 2 whose checks all wait: the pool grows to its
 * cap and no further, every path is answered once they end, and the
 * extra workers end once idle.
 */
static void pool_bounded(void **state)
{
	struct checker_result res[48];
	struct checker *c = checker_new_pool(&by_node, 2, 30000, 50);
	unsigned int i, threads = 0, after = 0;
	int tries, twice;
	size_t got;

	(void)state;
	CHECK(c, "checker_new_pool");
	for (i = 0; i < 48; i++) {
		says[i] = i % 3 ? TUR_UP : TUR_DOWN;
		hold[i] = 1;
	}
	for (i = 0; i < 48; i++) {
		if (start(c, i, 30000)) {
			release_all();
			checker_free(c);
			fail_msg("start of 8:%u refused", i);
		}
	}
	/* A path with a check queued is not queued twice. */
	twice = start(c, 47, 30000);
	for (tries = 0; tries < 1000 && get(&in_flight) < CHECKER_MAX_THREADS;
	     tries++)
		usleep(10000);
	usleep(50000);	/* room for a worker too many, if any */
	threads = checker_threads(c);
	release_all();
	got = wait_for(c, res, 48);
	for (tries = 0; tries < 1000; tries++) {
		checker_reap(c, res, 1);
		after = checker_threads(c);
		if (after == 2)
			break;
		usleep(10000);
	}
	checker_free(c);
	CHECK(twice != 0, "a second check of 8:47 was queued");
	CHECK(got == 48, "%zu of 48 answers", got);
	CHECK(get(&checks) == 48, "%d checks", get(&checks));
	CHECK(get(&max_in_flight) == CHECKER_MAX_THREADS &&
	      threads == CHECKER_MAX_THREADS && nr_seen == CHECKER_MAX_THREADS,
	      "%d checks at once on %d threads (%u live), not %d",
	      get(&max_in_flight), nr_seen, threads, CHECKER_MAX_THREADS);
	CHECK(after == 2, "%u workers once idle, not the pool's 2", after);
	for (i = 0; i < 48; i++)
		CHECK(res[i].state == says[res[i].minor], "8:%u: %s", res[i].minor,
		      tur_state_name(res[i].state));
}

/* Quick checks, one after the other: the pool's own workers do them. */
static void pool_steady(void **state)
{
	struct checker_result res;
	struct checker *c = checker_new_pool(&by_node, 2, 1000, 60000);
	unsigned int i, threads;
	size_t got = 0;

	(void)state;
	CHECK(c, "checker_new_pool");
	for (i = 0; i < 20; i++) {
		says[i] = TUR_UP;
		if (!start(c, i, 30000))
			got += wait_for(c, &res, 1);
	}
	threads = checker_threads(c);
	checker_free(c);
	CHECK(got == 20, "%zu of 20 answers", got);
	CHECK(threads == 2 && nr_seen <= 2, "%u workers, %d seen, for one"
	      " check at a time", threads, nr_seen);
}

/* Checks that end before the reap wake the caller's poll() once. */
static void one_wakeup(void **state)
{
	struct checker_result res[8];
	struct checker *c = checker_new_pool(&by_node, 2, 1000, 50);
	int i, bytes = -1, tries;
	size_t got;

	(void)state;
	CHECK(c, "checker_new_pool");
	for (i = 0; i < 6; i++)
		says[i] = TUR_UP;
	for (i = 0; i < 6; i++)
		if (start(c, (unsigned int)i, 30000)) {
			checker_free(c);
			fail_msg("start refused");
		}
	for (tries = 0; tries < 1000 && get(&checks) < 6; tries++)
		usleep(10000);
	/* The last check counted is not yet on the ended list: a moment. */
	usleep(100000);
	if (ioctl(checker_fd(c), FIONREAD, &bytes))
		bytes = -1;
	got = wait_for(c, res, 6);
	checker_free(c);
	CHECK(got == 6, "%zu of 6 answers", got);
	CHECK(bytes == 1, "%d bytes in the pipe for 6 ended checks, not 1",
	      bytes);
}

/* A path's device: opened once for many checks, again after "down". */
static void fd_kept_open(void **state)
{
	struct checker_result res;
	struct checker *c = checker_new_pool(&kept_open, 2, 1000, 50);
	char why[256] = "";
	int i, ok = -1;

	(void)state;
	CHECK(c, "checker_new_pool");
	says[16] = TUR_UP;
	for (i = 0; i < 5; i++)
		if (start(c, 16, 30000) || wait_for(c, &res, 1) != 1 ||
		    res.state != TUR_UP) {
			snprintf(why, sizeof(why), "check %d did not answer up", i);
			goto out;
		}
	if (get(&opens) != 1 || get(&checks) != 5 || checker_open_fds(c) != 1) {
		snprintf(why, sizeof(why), "5 checks: %d opens, %d checks, %u open",
			 get(&opens), get(&checks), checker_open_fds(c));
		goto out;
	}
	/* Down: closed, the next check opens the device again. */
	says[16] = TUR_DOWN;
	if (start(c, 16, 30000) || wait_for(c, &res, 1) != 1 ||
	    checker_open_fds(c) != 0 || get(&closes) != 1) {
		snprintf(why, sizeof(why), "after down: %u open, %d closes",
			 checker_open_fds(c), get(&closes));
		goto out;
	}
	says[16] = TUR_UP;
	if (start(c, 16, 30000) || wait_for(c, &res, 1) != 1 ||
	    get(&opens) != 2 || checker_open_fds(c) != 1) {
		snprintf(why, sizeof(why), "after down then up: %d opens",
			 get(&opens));
		goto out;
	}
	/* Another node for the same numbers: that one is opened. */
	if (checker_start(c, 8, 16, "/dev/block/8:16/again", 30000, 0) ||
	    wait_for(c, &res, 1) != 1 || get(&opens) != 3 ||
	    get(&closes) != 2 || checker_open_fds(c) != 1) {
		snprintf(why, sizeof(why), "another node: %d opens, %d closes",
			 get(&opens), get(&closes));
		goto out;
	}
	/* Out of its maps: closed at once. */
	checker_forget(c, 8, 16);
	if (get(&closes) != 3 || checker_open_fds(c) != 0) {
		snprintf(why, sizeof(why), "forgotten: %d closes, %u open",
			 get(&closes), checker_open_fds(c));
		goto out;
	}
	ok = 0;
out:
	checker_free(c);
	if (ok)
		fail_msg("%s", why);
	/* What checker_free() closes is closed too. */
	CHECK(get(&opens) == get(&closes), "%d opens, %d closes", get(&opens),
	      get(&closes));
}

/*
 * At most 2 devices kept open: 4 paths checked twice each are all
 * answered, never more than 2 open at once, the others opened and
 * closed at each check.
 */
static void fd_budget(void **state)
{
	struct checker_result res;
	struct checker *c = checker_new_pool(&kept_open, 1, 1000, 50);
	unsigned int i, most = 0;
	int round;
	size_t got = 0;

	(void)state;
	CHECK(c, "checker_new_pool");
	CHECK(checker_fd_budget() > 0, "no fd budget at all");
	checker_set_max_fds(c, 2);
	for (round = 0; round < 2; round++) {
		for (i = 1; i <= 4; i++) {
			says[i] = TUR_UP;
			if (!start(c, i, 30000))
				got += wait_for(c, &res, 1);
			if (checker_open_fds(c) > most)
				most = checker_open_fds(c);
		}
	}
	checker_free(c);
	CHECK(got == 8, "%zu of 8 answers", got);
	CHECK(most == 2, "%u devices open at most, not 2", most);
	CHECK(get(&opens) == 2 + 2 * 2, "%d opens, not 2 kept + 2x2", get(&opens));
	CHECK(get(&opens) == get(&closes), "%d opens, %d closes", get(&opens),
	      get(&closes));
}

/* Forgotten while its check runs: the answer comes, then it is closed. */
static void forget_running(void **state)
{
	struct checker_result res;
	struct checker *c = checker_new_pool(&kept_open, 2, 1000, 50);
	size_t got;
	unsigned int open_before;

	(void)state;
	CHECK(c, "checker_new_pool");
	says[32] = TUR_UP;
	hold[32] = 1;
	if (start(c, 32, 30000)) {
		release_all();
		checker_free(c);
		fail_msg("start refused");
	}
	while (get(&in_flight) < 1)
		usleep(1000);
	checker_forget(c, 8, 32);
	open_before = checker_open_fds(c);
	release(32);
	got = wait_for(c, &res, 1);
	CHECK(got == 1 && res.minor == 32 && res.state == TUR_UP,
	      "the forgotten path's answer: %zu", got);
	CHECK(open_before == 1 && checker_open_fds(c) == 0 &&
	      !checker_running(c, 8, 32), "open while running %u, after %u",
	      open_before, checker_open_fds(c));
	checker_free(c);
	CHECK(get(&closes) == 1, "%d closes", get(&closes));
}

/*
 * A pool of one whose check hangs: past its timeout and the grace the
 * worker is replaced and the other paths are answered; it ends itself
 * once its check comes back.
 */
static void stuck_replaced(void **state)
{
	struct checker_result res[4];
	struct checker *c = checker_new_pool(&by_node, 1, 20, 50);
	struct timespec t0;
	unsigned int during = 0, after = 9;
	long long next;
	size_t got;
	int tries;

	(void)state;
	CHECK(c, "checker_new_pool");
	says[1] = TUR_UP;
	says[2] = TUR_GHOST;
	hold[1] = 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (start(c, 1, 10) || start(c, 2, 30000)) {
		release_all();
		checker_free(c);
		fail_msg("start refused");
	}
	while (get(&in_flight) < 1)
		usleep(1000);
	next = checker_next_ms(c);
	got = wait_for(c, res, 1);
	if (got == 1)
		during = checker_threads(c);
	release(1);
	got += wait_for(c, res + got, 1);
	/* Back and one too many: the stuck worker ends (joined on reap). */
	for (tries = 0; tries < 1000; tries++) {
		checker_reap(c, res + 3, 1);
		after = checker_threads(c);
		if (after == 1)
			break;
		usleep(10000);
	}
	checker_free(c);
	CHECK(next >= t0.tv_sec * 1000LL + t0.tv_nsec / 1000000 + 30,
	      "the hung check counts as stuck at %lld, before its 10 ms and"
	      " the 20 ms grace", next);
	CHECK(got == 2 && res[0].minor == 2 && res[0].state == TUR_GHOST &&
	      res[1].minor == 1 && res[1].state == TUR_UP,
	      "%zu answers; 8:2 waited for the hung check?", got);
	CHECK(during == 2, "%u workers while one is stuck, not 2", during);
	CHECK(after == 1, "%u workers after it came back, not 1", after);
}

/* Every check hangs: the workers stop at CHECKER_MAX_THREADS. */
static void stuck_capped(void **state)
{
	struct checker_result res[MINORS];
	struct checker *c = checker_new_pool(&by_node, 2, 0, 50);
	unsigned int i, most = 0, n;
	size_t got;
	int tries;

	(void)state;
	CHECK(c, "checker_new_pool");
	for (i = 0; i < 40; i++) {
		hold[i] = 1;
		says[i] = TUR_UP;
		if (start(c, i, 0)) {
			release_all();
			checker_free(c);
			fail_msg("start of 8:%u refused", i);
		}
	}
	for (tries = 0; tries < 300; tries++) {
		checker_reap(c, res, 1);
		n = checker_threads(c);
		if (n > most)
			most = n;
		if (get(&in_flight) >= CHECKER_MAX_THREADS)
			break;
		usleep(10000);
	}
	/* A few more rounds: no worker past the cap. */
	for (i = 0; i < 5; i++) {
		checker_reap(c, res, 1);
		n = checker_threads(c);
		if (n > most)
			most = n;
		usleep(10000);
	}
	release_all();
	got = wait_for(c, res, 40);
	checker_free(c);
	CHECK(most == CHECKER_MAX_THREADS, "%u workers at most, not %d", most,
	      CHECKER_MAX_THREADS);
	CHECK(got == 40, "%zu of 40 answered once released", got);
}

void checker_reset(void)
{
	release_all();
	memset(says, 0, sizeof(says));
	in_flight = max_in_flight = checks = opens = closes = 0;
	next_fd = 100;
	nr_seen = 0;
}

void checker_tests(void)
{
	unit_case("tools/checker/workers_block_signals", workers_block_signals,
		  NULL);
	unit_case("tools/checker/pool_grows_to_its_cap", pool_bounded, NULL);
	unit_case("tools/checker/pool_steady", pool_steady, NULL);
	unit_case("tools/checker/one_wakeup_per_reap", one_wakeup, NULL);
	unit_case("tools/checker/fd_kept_open", fd_kept_open, NULL);
	unit_case("tools/checker/forget_running", forget_running, NULL);
	unit_case("tools/checker/fd_budget", fd_budget, NULL);
	unit_case("tools/checker/stuck_replaced", stuck_replaced, NULL);
	unit_case("tools/checker/stuck_capped", stuck_capped, NULL);
}
